-- Race for the trial lease of a recovering target; the holder keeps winning until it expires.
-- KEYS[1] trial lease; ARGV[1] this instance, ARGV[2] lease (ms)
-- Returns -1 if this instance holds the lease, else the milliseconds the other holder keeps it.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
	return -1
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
	redis.call('PEXPIRE', KEYS[1], ARGV[2])
	return -1
end
return redis.call('PTTL', KEYS[1])
