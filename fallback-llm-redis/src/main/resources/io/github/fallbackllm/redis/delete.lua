-- Delete keys and tell the other instances.
-- KEYS the keys; ARGV[1] channel, ARGV[2] message
redis.call('DEL', unpack(KEYS))
return redis.call('PUBLISH', ARGV[1], ARGV[2])
