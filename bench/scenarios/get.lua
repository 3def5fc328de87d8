-- A GET of the URL given to wrk, over and over: results, a poll's JSON, a page, the ceiling.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "stats.lua")
