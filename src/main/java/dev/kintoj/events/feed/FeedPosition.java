package dev.kintoj.events.feed;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a subscriber is in a feed, as its event ids say it: a {@code floor} timestamp, and for each list (the
 * records of a collection, the bucket's collections, its groups) whose newest timestamp it was given is above the
 * floor, that timestamp. Written {@code floor~c1:1700000060250~_g:1700000059000} ({@code _c} and {@code _g} name the
 * lists of collections and groups: collection ids cannot start with {@code _}); a plain timestamp is a floor alone.
 *
 * <p>Timestamps strictly increase per list, in commit order, but not across lists: two collections written within
 * the same milliseconds may commit out of timestamp order. So a bucket's feed cannot be resumed from one timestamp;
 * it resumes each list from its own position, and the lists not named from the floor. The floor trails the newest
 * timestamp given by {@link #WINDOW_MILLIS}: a change committed later than that after a newer one of another list
 * is the only one a resume can miss. At most {@link #MAX_LISTS} lists are named (the id is a request header when the
 * client resumes); past that, the oldest one is left out and the floor rises to its position.
 *
 * <p>Mutable, and confined to the thread of its subscription.
 */
public final class FeedPosition {

    static final long WINDOW_MILLIS = 60_000;
    static final int MAX_LISTS = 64;
    static final String COLLECTIONS = "_c";
    static final String GROUPS = "_g";

    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,18}");
    private static final Pattern LIST = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    /** -1 before anything was given (a stream opened without an id): nothing is below it. */
    private long floor;
    private long newest;
    private final Map<String, Long> lists = new TreeMap<>();

    private FeedPosition(long floor) {
        this.floor = floor;
        this.newest = floor;
    }

    /** A stream opened without an id: its position starts with its first event. */
    static FeedPosition none() {
        return new FeedPosition(-1);
    }

    /**
     * An event id of a feed ({@code Last-Event-ID}) or a {@code _since} value: a timestamp, or a floor with lists;
     * null if it is neither. Lists at or below the floor are dropped; the same list twice keeps the newest.
     */
    public static FeedPosition parse(String id) {
        String[] parts = id.split("~", -1);
        if (parts.length - 1 > MAX_LISTS || !TIMESTAMP.matcher(parts[0]).matches()) {
            return null;
        }
        FeedPosition position = new FeedPosition(Long.parseLong(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            int colon = parts[i].indexOf(':');
            if (colon < 0 || !LIST.matcher(parts[i].substring(0, colon)).matches()
                    || !TIMESTAMP.matcher(parts[i].substring(colon + 1)).matches()) {
                return null;
            }
            // As given, without moving the floor: the client's own claim of what it has.
            long timestamp = Long.parseLong(parts[i].substring(colon + 1));
            if (timestamp > position.floor) {
                position.lists.merge(parts[i].substring(0, colon), timestamp, Math::max);
                position.newest = Math.max(position.newest, timestamp);
            }
        }
        return position;
    }

    FeedPosition copy() {
        FeedPosition copy = new FeedPosition(floor);
        copy.newest = newest;
        copy.lists.putAll(lists);
        return copy;
    }

    /** The newest timestamp of {@code list} known to be given: its own, else the floor. */
    long of(String list) {
        return lists.getOrDefault(list, floor);
    }

    /** The subscriber was given (or skipped, unreadable) the change of {@code list} at {@code timestamp}. */
    void advance(String list, long timestamp) {
        if (timestamp > newest) {
            newest = timestamp;
        }
        if (timestamp > floor) {
            lists.merge(list, timestamp, Math::max);
        }
        raiseFloor(Math.max(floor, newest - WINDOW_MILLIS));
        while (lists.size() > MAX_LISTS) {
            raiseFloor(lists.values().stream().min(Long::compare).orElseThrow());
        }
    }

    private void raiseFloor(long to) {
        if (to > floor) {
            floor = to;
            lists.values().removeIf(timestamp -> timestamp <= to);
        }
    }

    /** The event id: {@code floor~list:timestamp~...}. */
    String id() {
        StringBuilder id = new StringBuilder(24 + 24 * lists.size()).append(Math.max(floor, 0));
        lists.forEach((list, timestamp) -> id.append('~').append(list).append(':').append(timestamp));
        return id.toString();
    }

    /** The list of an event's object: the collection id for records, {@code _c} or {@code _g}. */
    static String listOf(String resource, String parentUri) {
        return switch (resource) {
            case "record" -> parentUri.substring(parentUri.lastIndexOf('/') + 1);
            case "collection" -> COLLECTIONS;
            default -> GROUPS;
        };
    }

    @Override
    public String toString() {
        return id();
    }
}
