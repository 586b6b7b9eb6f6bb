package dev.kintoj.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Leaves out the series that Quarkus' Vert.x binder makes of each PostgreSQL connection ({@code clientType=sql}).
 * The SQL client asks for them once per socket, not per pool, all under one id: every connection after the first
 * re-registers the same gauges (a startup warning, "This Gauge has been already registered") and the gauges then
 * report the first connection only. Naming the pools would not help, their connections still share a name. Each pool
 * is measured as a whole by the {@code sql_pool_*} series ({@code pool_name} = its URL without the password).
 * Applied to Quarkus' global registry, where the binder registers them, whether or not a metrics plugin is included.
 */
@Singleton
public class SqlConnectionSeries {

    static final String CLIENT_TYPE = "clientType";

    @Produces
    @Singleton
    MeterFilter perConnectionSqlSeries() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return "sql".equals(id.getTag(CLIENT_TYPE)) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }
        };
    }
}
