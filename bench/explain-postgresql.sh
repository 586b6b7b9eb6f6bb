#!/usr/bin/env bash
# EXPLAIN ANALYZE of the SQL behind the list pages that bench/postgresql.sh measures (database kintoj_bench, left in
# place by that script): on the 1M-record collection `big` the default page (_limit=10), a _since page and a
# filtered page, and the 100-record list of `items`; each as a custom plan (literal values) and as the generic
# plan that PostgreSQL may switch to for the service's prepared statements (the reactive client prepares them).
# A last statement shows the page with ORDER BY on the column (objects.last_modified): in the service's
# statements, ORDER BY last_modified names the output column as_epoch(last_modified) AS last_modified.
# Usage: bench/explain-postgresql.sh [since-epoch-ms]   (default: the timestamp 300 records before the newest)
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), BENCH_DB (kintoj_bench), FULL=1 for the whole plans
set -euo pipefail
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db="${BENCH_DB:-kintoj_bench}"
parent='/buckets/bench/collections/big'
sql() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$db" "$@"; }

rows=$(sql -c "SELECT count(*) FROM objects WHERE parent_id = '$parent' AND resource_name = 'record'")
[ "$rows" -gt 0 ] || { echo "no records in $parent of database $db: run bench/postgresql.sh first" >&2; exit 1; }
since="${1:-$(sql -c "SELECT as_epoch(last_modified) FROM objects WHERE parent_id = '$parent' AND resource_name = 'record'
                      ORDER BY last_modified DESC OFFSET 300 LIMIT 1")}"

columns="id, as_epoch(last_modified) AS last_modified, data::text AS data, deleted"
order="ORDER BY last_modified DESC, id ASC"
# The statements as PostgresStorage sends them (bind parameters $n, read from the server log), with the values of
# the wrk scenarios; the limit is _limit + 1 (storage_max_fetch_size + 1 = 10001 without _limit).
declare -A statement values
names=(page since status items qualified)
statement[page]="SELECT $columns FROM objects WHERE parent_id = \$1 AND resource_name = \$2 AND NOT deleted $order LIMIT \$3"
values[page]="'$parent', 'record', 11"
# _since includes tombstones: no NOT deleted.
statement[since]="SELECT $columns FROM objects WHERE parent_id = \$1 AND resource_name = \$2
  AND (last_modified > from_epoch(\$3::bigint)) $order LIMIT \$4"
values[since]="'$parent', 'record', $since, 11"
statement[status]="SELECT $columns FROM objects WHERE parent_id = \$1 AND resource_name = \$2 AND NOT deleted
  AND ((data @> \$4::text::jsonb AND (data #> \$3::text[]) = \$5::text::jsonb)) $order LIMIT \$6"
values[status]="'$parent', 'record', '{status}', '{\"status\":\"closed\"}', '\"closed\"', 11"
statement[items]="${statement[page]}"
values[items]="'/buckets/bench/collections/items', 'record', 10001"
statement[qualified]="SELECT $columns FROM objects WHERE parent_id = \$1 AND resource_name = \$2 AND NOT deleted
  ORDER BY objects.last_modified DESC, id ASC LIMIT \$3"
values[qualified]="'$parent', 'record', 11"

echo "objects rows in $parent: $rows; _since=$since"
for name in "${names[@]}"; do
  for mode in force_custom_plan force_generic_plan; do
    echo
    echo "-- $name ($mode): $(tr -s " \n" "  " <<< "${statement[$name]}") -- ${values[$name]}"
    plan=$(sql <<SQL
SET plan_cache_mode = $mode;
PREPARE q AS ${statement[$name]};
EXPLAIN (ANALYZE, BUFFERS) EXECUTE q(${values[$name]});
SQL
)
    if [ -n "${FULL:-}" ]; then
      echo "$plan"
    else
      # Key lines: plan nodes (the index used), conditions, filters, rows removed, sort key, execution time.
      grep -E -- '->|^ *Limit|Index Cond|Filter:|Rows Removed|Sort Key|Execution Time' \
        <<< "$plan" | head -n 14
    fi
  done
done
