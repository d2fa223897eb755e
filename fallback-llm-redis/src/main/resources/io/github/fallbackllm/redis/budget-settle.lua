-- Correct token windows by what a call used beyond (or short of) its estimate, never below 0.
-- KEYS the windows the call was counted in; ARGV[1] the correction
-- Windows that have expired are left alone.
for _, key in ipairs(KEYS) do
	if redis.call('EXISTS', key) == 1 and redis.call('INCRBY', key, ARGV[1]) < 0 then
		redis.call('SET', key, '0', 'KEEPTTL')
	end
end
return 0
