-- Share a cooldown unless a longer one is shared already.
-- KEYS[1] cooldown; ARGV[1] cooldown record, ARGV[2] its key's time to live (ms), ARGV[3] channel, ARGV[4] message
-- Returns the cooldown record in force after it.
local current = redis.call('GET', KEYS[1])
if current and tonumber(string.match(current, '^%d+')) >= tonumber(string.match(ARGV[1], '^%d+')) then
	return current
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return ARGV[1]
