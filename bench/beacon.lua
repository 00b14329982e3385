-- wrk script for bench/beacon.py: every request is a beacon from a new visitor (a user agent of its own),
-- so each answered request must be exactly one recorded visit.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  page = args[1]
  count = 0
end

function request()
  count = count + 1
  local agent = "Mozilla/5.0 (Linux; Android 14; bench-" .. id .. "-" .. count .. ") Chrome/126.0 Mobile Safari/537.36"
  return wrk.format("POST", "/api/thong-ke/", {["Content-Type"] = "application/json", ["User-Agent"] = agent},
    '{"page": ' .. page .. '}')
end

function done(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "errors": %d, "non_2xx": %d, "p50_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
