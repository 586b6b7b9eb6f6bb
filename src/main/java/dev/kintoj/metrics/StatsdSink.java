package dev.kintoj.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;

import java.net.URI;

/**
 * The StatsD side of the metrics (plugins.md §7.2). Micrometer's StatsD registry turns the measurements into
 * lines (Etsy flavour: labels appended to the key as {@code .label.value}); the lines go out through a Vert.x
 * datagram socket given as the registry's line sink. The registry's own client (a shaded Reactor Netty) is then
 * never started, and the native image never initialises it (see application.properties).
 */
final class StatsdSink {

    private StatsdSink() {
    }

    static MeterRegistry registry(Vertx vertx, String url, String prefix) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(url);
        }
        if (!"udp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw invalid(url);
        }
        String host = uri.getHost();
        int port = uri.getPort();
        DatagramSocket socket = vertx.createDatagramSocket();
        StatsdConfig config = new StatsdConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public StatsdFlavor flavor() {
                return StatsdFlavor.ETSY;
            }
        };
        StatsdMeterRegistry registry = StatsdMeterRegistry.builder(config).clock(Clock.SYSTEM)
                .nameMapper(StatsdSink::key)
                // A lost datagram is a lost measurement, as with any StatsD client: nothing to wait for or report.
                .lineSink(line -> socket.send(line, port, host))
                .build();
        String keyPrefix = prefix.isEmpty() || prefix.endsWith(".") ? prefix : prefix + ".";
        // Kinto's keys are written as they are named: no camel-casing of the parts.
        registry.config().namingConvention(NamingConvention.identity);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String name = id.getName();
                return name.startsWith(KintoMeters.BASE)
                        ? id.withName(keyPrefix + name.substring(KintoMeters.BASE.length())) : id;
            }
        });
        return registry;
    }

    /**
     * Kinto's key: the name, then {@code .label.value} per label. Micrometer's {@code statistic} label (which part of
     * a meter a line is) is left out: the line's type ({@code c}, {@code ms}, {@code h}) already says it.
     */
    private static String key(Meter.Id id, NamingConvention convention) {
        StringBuilder key = new StringBuilder(convention.name(id.getName(), id.getType()));
        for (Tag tag : id.getTagsAsIterable()) {
            if (!tag.getKey().equals("statistic")) {
                key.append('.').append(convention.tagKey(tag.getKey())).append('.').append(convention.tagValue(tag.getValue()));
            }
        }
        return key.toString();
    }

    private static IllegalArgumentException invalid(String url) {
        return new IllegalArgumentException("Setting statsd_url: " + url + " is not udp://host:port");
    }
}
