-- POST of a small JSON body to the URL given to wrk, over and over: the reference INSERT.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "stats.lua")
local n = 0
function request()
  n = n + 1
  local body = string.format('{"name": "bench %d-%d", "value": %d}', thread_id, n, n)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
