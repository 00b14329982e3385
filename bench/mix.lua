-- wrk script for the load and restart run of bench/production.py: readers' requests drawn at random from a file
-- of "METHOD path [body]" lines (cached articles, listings, dates, searches and beacons), each from an address of
-- its own (X-Real-IP). Every answer's status is counted, so non_2xx includes redirects. Arguments: the file, then
-- any "Name: value" headers to add to every request.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  requests = {}
  local extra = {}  -- further arguments: "Name: value" headers sent with every request
  for i = 2, #args do
    local name, value = args[i]:match("^([^:]+):%s*(.*)$")
    if name then extra[name] = value end
  end
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^(%S+) (%S+) ?(.*)$")
    local headers = {}
    for name, value in pairs(extra) do headers[name] = value end
    if method == "POST" then headers["Content-Type"] = "application/json" end
    table.insert(requests, {method, path, headers, body ~= "" and body or nil})
  end
  math.randomseed(id * 7919)
  non_2xx = 0
  server_errors = 0
  count = 0
end

function request()
  count = count + 1
  local r = requests[math.random(#requests)]
  r[3]["X-Real-IP"] = string.format("10.%d.%d.%d", id, math.floor(count / 256) % 256, count % 256)
  return wrk.format(r[1], r[2], r[3], r[4])
end

function response(status, headers, body)
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
  if status >= 500 then server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
  local total_non_2xx, total_5xx = 0, 0
  for _, thread in ipairs(threads) do
    total_non_2xx = total_non_2xx + thread:get("non_2xx")
    total_5xx = total_5xx + thread:get("server_errors")
  end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "errors": %d, "non_2xx": %d, "status_5xx": %d, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    total_non_2xx, total_5xx, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
