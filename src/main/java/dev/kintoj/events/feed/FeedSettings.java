package dev.kintoj.events.feed;

import dev.kintoj.config.DynamicSettings;

/**
 * The change feed's settings (README, "Live change feed").
 *
 * @param enabled            {@code change_feed_enabled} (default true): the endpoints and the capability
 * @param maxSubscribers     {@code change_feed_max_subscribers}: open streams per instance; more are refused (503)
 * @param bufferSize         {@code change_feed_buffer_size}: events waiting for one connection; past it the
 *                           connection is closed (a slow consumer resumes with {@code Last-Event-ID})
 * @param heartbeatSeconds   {@code change_feed_heartbeat_seconds}: comment lines on idle streams
 * @param aclRecheckSeconds  {@code change_feed_acl_recheck_seconds}: a subscription's principals and list permissions
 *                           are recomputed at least this often (and at once after any change of a bucket, collection
 *                           or group)
 * @param channel            {@code change_feed_channel}: the PostgreSQL NOTIFY channel
 */
public record FeedSettings(boolean enabled, int maxSubscribers, int bufferSize, int heartbeatSeconds,
                           int aclRecheckSeconds, String channel) {

    public static FeedSettings from(DynamicSettings settings) {
        boolean enabled = !settings.get("change_feed_enabled").map(String::trim).orElse("true").equalsIgnoreCase("false");
        int max = positive(settings, "change_feed_max_subscribers", 5000);
        int buffer = positive(settings, "change_feed_buffer_size", 10000);
        int heartbeat = positive(settings, "change_feed_heartbeat_seconds", 15);
        int recheck = positive(settings, "change_feed_acl_recheck_seconds", 60);
        String channel = settings.get("change_feed_channel").orElse("kintoj_changes");
        if (!channel.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Setting change_feed_channel must be a lower-case identifier, not '" + channel + "'");
        }
        return new FeedSettings(enabled, max, buffer, heartbeat, recheck, channel);
    }

    private static int positive(DynamicSettings settings, String key, int fallback) {
        int value = settings.integer(key).orElse(fallback);
        if (value <= 0) {
            throw new IllegalArgumentException("Setting " + key + " must be a positive integer, not " + value);
        }
        return value;
    }
}
