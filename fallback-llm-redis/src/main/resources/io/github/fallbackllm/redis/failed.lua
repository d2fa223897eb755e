-- Count a failure, and cool the target down when asked or when the shared count reaches the threshold.
-- KEYS[1] failure count, KEYS[2] cooldown
-- ARGV[1] failure window (ms), ARGV[2] threshold, ARGV[3] '1' to cool down whatever the count,
-- ARGV[4] cooldown record ('' for none), ARGV[5] its key's time to live (ms), ARGV[6] channel,
-- ARGV[7] failure message, ARGV[8] cooldown message
-- Returns the shared count and, after a space, the cooldown record in force after it, if any.
local failures = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[6], ARGV[7])
local current = redis.call('GET', KEYS[2])
if ARGV[4] == '' or (ARGV[3] ~= '1' and failures < tonumber(ARGV[2])) then
	return current and (failures .. ' ' .. current) or tostring(failures)
end
if current and tonumber(string.match(current, '^%d+')) >= tonumber(string.match(ARGV[4], '^%d+')) then
	return failures .. ' ' .. current
end
redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5])
redis.call('PUBLISH', ARGV[6], ARGV[8])
return failures .. ' ' .. ARGV[4]
