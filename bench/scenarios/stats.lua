-- Shared by every scenario (dofile): counts each status per thread, then prints one line,
-- BENCH_RESULT {json}, that bench/wrk.py reads. vote.lua counts reused (token, poll) pairs.
threads, statuses, exhausted = {}, {}, 0
local next_thread = 0

function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local counts, reused, parts, e = {}, 0, {}, summary.errors
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
    reused = reused + thread:get("exhausted")
  end
  for status, n in pairs(counts) do parts[#parts + 1] = string.format('"%d": %d', status, n) end
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "seconds": %.6f, "statuses": {%s}, ' ..
    '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d}, "reused_pairs": %d}\n',
    summary.requests, summary.duration / 1e6, table.concat(parts, ", "),
    e.connect, e.read, e.write, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, reused))
end
