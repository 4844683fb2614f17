-- wrk script: bulk tracking requests (tracking-api.md §3) of 100 page views each, every hit a new
-- visitor (own random _id and IP through cip=, allowed by the bulk's token_auth of a super user).
--   wrk -t1 -c16 -d60s --latency -s bulk.lua http://127.0.0.1:8080 -- <idsite> <token_auth> [hits per bulk]
local idsite = 1
local token = ""
local size = 100

local agents = {
  "Mozilla%2F5.0%20(Windows%20NT%2010.0%3B%20Win64%3B%20x64)%20AppleWebKit%2F537.36%20(KHTML%2C%20like%20Gecko)%20Chrome%2F130.0.0.0%20Safari%2F537.36",
  "Mozilla%2F5.0%20(Macintosh%3B%20Intel%20Mac%20OS%20X%2010_15_7)%20AppleWebKit%2F605.1.15%20(KHTML%2C%20like%20Gecko)%20Version%2F17.5%20Safari%2F605.1.15",
  "Mozilla%2F5.0%20(X11%3B%20Linux%20x86_64%3B%20rv%3A131.0)%20Gecko%2F20100101%20Firefox%2F131.0",
  "Mozilla%2F5.0%20(iPhone%3B%20CPU%20iPhone%20OS%2017_6%20like%20Mac%20OS%20X)%20AppleWebKit%2F605.1.15%20(KHTML%2C%20like%20Gecko)%20Version%2F17.6%20Mobile%2F15E148%20Safari%2F604.1",
  "Mozilla%2F5.0%20(Linux%3B%20Android%2014%3B%20SM-S918B)%20AppleWebKit%2F537.36%20(KHTML%2C%20like%20Gecko)%20Chrome%2F130.0.6723.58%20Mobile%20Safari%2F537.36",
  "Mozilla%2F5.0%20(Linux%3B%20Android%2013%3B%20Pixel%207)%20AppleWebKit%2F537.36%20(KHTML%2C%20like%20Gecko)%20Chrome%2F129.0.6668.100%20Mobile%20Safari%2F537.36",
  "Mozilla%2F5.0%20(Windows%20NT%2010.0%3B%20Win64%3B%20x64)%20AppleWebKit%2F537.36%20(KHTML%2C%20like%20Gecko)%20Chrome%2F130.0.0.0%20Safari%2F537.36%20Edg%2F130.0.0.0",
  "Mozilla%2F5.0%20(iPad%3B%20CPU%20OS%2016_7%20like%20Mac%20OS%20X)%20AppleWebKit%2F605.1.15%20(KHTML%2C%20like%20Gecko)%20Version%2F16.6%20Mobile%2F15E148%20Safari%2F604.1",
  "Mozilla%2F5.0%20(Windows%20NT%2010.0%3B%20Win64%3B%20x64%3B%20rv%3A132.0)%20Gecko%2F20100101%20Firefox%2F132.0",
  "Mozilla%2F5.0%20(Linux%3B%20Android%2014%3B%20SAMSUNG%20SM-A546B)%20AppleWebKit%2F537.36%20(KHTML%2C%20like%20Gecko)%20SamsungBrowser%2F26.0%20Chrome%2F122.0.0.0%20Mobile%20Safari%2F537.36",
}
local sections = { "blog", "shop", "docs", "news", "about", "pricing", "support", "careers" }
local referrers = { "", "", "", "https%3A%2F%2Fwww.google.com%2Fsearch%3Fq%3Danalytics", "https%3A%2F%2Fnews.ycombinator.com%2F" }
local languages = { "en-US%2Cen%3Bq%3D0.9", "de-DE%2Cde%3Bq%3D0.9", "fr-FR", "es-ES%2Ces", "ja-JP" }
local resolutions = { "1920x1080", "1366x768", "390x844", "1440x900", "2560x1440" }

function init(args)
  if args[1] then idsite = tonumber(args[1]) end
  if args[2] then token = args[2] end
  if args[3] then size = tonumber(args[3]) end
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

local function hit()
  local section = sections[math.random(#sections)]
  local page = math.random(2000)
  return "\"?idsite=" .. idsite .. "&rec=1&apiv=1"
    .. "&r=" .. math.random(100000, 999999)
    .. "&_id=" .. string.format("%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
    .. "&cip=" .. math.random(1, 223) .. "." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
    .. "&url=https%3A%2F%2Fwww.example.com%2F" .. section .. "%2Farticle-" .. page
    .. "&action_name=" .. section .. "%20%2F%20Article%20" .. page
    .. "&urlref=" .. referrers[math.random(#referrers)]
    .. "&ua=" .. agents[math.random(#agents)]
    .. "&lang=" .. languages[math.random(#languages)]
    .. "&res=" .. resolutions[math.random(#resolutions)]
    .. "&h=" .. math.random(0, 23) .. "&m=" .. math.random(0, 59) .. "&s=" .. math.random(0, 59)
    .. "&cookie=1&pdf=1&pv_id=" .. string.format("%06x", math.random(0, 0xffffff)) .. "\""
end

request = function()
  local parts = {}
  for i = 1, size do parts[i] = hit() end
  local body = "{\"requests\":[" .. table.concat(parts, ",") .. "],\"token_auth\":\"" .. token .. "\",\"send_image\":0}"
  return wrk.format("POST", "/matomo.php", { ["Content-Type"] = "application/json" }, body)
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local rps = summary.requests / (summary.duration / 1e6)
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d rps=%.0f hits_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, errors, summary.errors.status, rps, rps * size,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
