-- Take one request and an estimate of tokens from a client's windows if each has room, else take nothing.
-- KEYS[1] requests of the minute, KEYS[2] tokens of the minute, KEYS[3] tokens of the day
-- ARGV[1] rpm, ARGV[2] tpm, ARGV[3] tokens per day (0: no limit), ARGV[4] the estimate,
-- ARGV[5] lifetime of a minute's keys (ms), ARGV[6] lifetime of a day's key (ms)
-- Returns 0 when taken, else the limit that refused: 1 rpm, 2 tpm, 3 tokens per day.
local rpm, tpm, perDay, tokens = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if rpm > 0 and tonumber(redis.call('GET', KEYS[1]) or '0') + 1 > rpm then
	return 1
end
if tpm > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') + tokens > tpm then
	return 2
end
if perDay > 0 and tonumber(redis.call('GET', KEYS[3]) or '0') + tokens > perDay then
	return 3
end
if rpm > 0 then
	redis.call('INCR', KEYS[1])
	redis.call('PEXPIRE', KEYS[1], ARGV[5])
end
if tpm > 0 then
	redis.call('INCRBY', KEYS[2], tokens)
	redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
if perDay > 0 then
	redis.call('INCRBY', KEYS[3], tokens)
	redis.call('PEXPIRE', KEYS[3], ARGV[6])
end
return 0
