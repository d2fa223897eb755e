-- Lease a slice of a target's budget window to one instance, after counting what it took beyond its slices.
-- KEYS[1] the window of the minute
-- ARGV[1] the limit, ARGV[2] owed (counted whatever the limit), ARGV[3] the slice wanted,
-- ARGV[4] lifetime of the key (ms)
-- Returns { granted, what every instance holds of the window now }.
local limit, owed, wanted = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local total = tonumber(redis.call('GET', KEYS[1]) or '0') + owed
local granted = math.max(0, math.min(wanted, limit - total))
total = total + granted
if owed + granted > 0 then
	redis.call('INCRBY', KEYS[1], owed + granted)
	redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return { granted, total }
