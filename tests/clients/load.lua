-- wrk script: a mix of record lookups and aggregate queries; each thread stops after its quota
-- of responses and the totals are printed for the test to read.
-- Environment: LOAD_QUOTA (responses per thread), LOAD_DONE_DIR (where finished threads say so).
-- Paths come from paths.lua beside this file (written by the test).
local dir = debug.getinfo(1, "S").source:match("@(.*/)") or "./"
local paths = dofile(dir .. "paths.lua")
local quota = tonumber(os.getenv("LOAD_QUOTA") or "5000")
local sent, got, bad = 0, 0, 0

request = function()
  sent = sent + 1
  local p = paths[(sent % #paths) + 1]
  return wrk.format("GET", p[1], { ["Accept"] = p[2] })
end

response = function(status, headers, body)
  got = got + 1
  if status ~= 200 then bad = bad + 1 end
  if got == quota then
    -- wrk runs for its whole duration even when every thread has stopped: a marker file per
    -- finished thread tells the test to end it (SIGINT makes wrk print its summary).
    local marker = io.open((os.getenv("LOAD_DONE_DIR") or "/tmp") .. "/" .. tostring({}):gsub("[^%w]", ""), "w")
    if marker then marker:close() end
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
