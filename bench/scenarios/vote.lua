-- Votes by new voters: wrk ... -s vote.lua URL -- MODE POLLS_FILE TOKENS_FILE THREADS
-- MODE "token" sends `Authorization: Bearer`, "anonymous" no token and no cookie (a new
-- browser each time). POLLS_FILE: "<poll id> <choice id>" a line; TOKENS_FILE: a token a line.
-- Request j (thread k sends k, k + THREADS, ...) votes in poll j % #polls with token
-- (j // #polls) % #tokens: no (token, poll) pair repeats before j = #polls * #tokens; past
-- that `exhausted` counts the repeats (each a 409).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "stats.lua")

local function lines(path)
  local list = {}
  for line in io.lines(path) do
    if line ~= "" then list[#list + 1] = line end
  end
  return list
end

function init(args)
  mode, paths, bodies = args[1], {}, {}
  for _, line in ipairs(lines(args[2])) do
    local id, choice = line:match("^(%S+) (%d+)$")
    paths[#paths + 1] = string.format("/api/polls/%s/votes", id)
    bodies[#bodies + 1] = '{"choices": [' .. choice .. ']}'
  end
  tokens = (mode == "token") and lines(args[3]) or {}
  step, j = tonumber(args[4]), thread_id
  limit = #paths * #tokens
end

function request()
  local p = j % #paths + 1
  local headers = {["Content-Type"] = "application/json"}
  if mode == "token" then
    if j >= limit then exhausted = exhausted + 1 end
    headers["Authorization"] = "Bearer " .. tokens[math.floor(j / #paths) % #tokens + 1]
  end
  j = j + step
  return wrk.format("POST", paths[p], headers, bodies[p])
end
