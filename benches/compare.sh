#!/usr/bin/env bash
# rolo against the floor: whole-process times of rolo's CLI commands vs the same queries run by
# the `sqlite3` CLI on rolo's own database file, at 1k / 10k / 100k demo customers; the ratio
# per command and scale; and each rolo command's peak memory (max RSS, /usr/bin/time %M).
#
# Usage: benches/compare.sh [runs] [scales...]   e.g.  benches/compare.sh 15 1000 10000 100000
# Needs sqlite3 and GNU time (apt-get install sqlite3 time). Builds release. Medians of `runs`.
#
# The sqlite3 side runs the SQL behind what the command prints (rows, counts, snippets; the
# measures come from the same caches rolo keeps fresh) and the same insert for `log` — journal,
# FTS and derived-column triggers included, synchronous=FULL as rolo uses it.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
shift || true
scales=("$@")
[ ${#scales[@]} -eq 0 ] && scales=(1000 10000 100000)
# shellcheck source=benches/common.sh
. benches/common.sh
bench_setup
today=2026-11-23
export ROLO_TODAY=$today ROLO_CONFIG=$dir/none.toml TZ=UTC NO_COLOR=1 COLUMNS=100


sq() { sqlite3 -batch "$db" "$@"; }

printf '%-8s %-10s %10s %10s %7s %9s\n' customers command rolo_ms sqlite3_ms ratio peak_MB
for n in "${scales[@]}"; do
  db=$dir/rolo-$n.db
  "$bin" --db "$db" demo --customers "$n" >/dev/null
  who=$(sqlite3 "$db" "SELECT id FROM customers WHERE kind = 'person'
                       ORDER BY id LIMIT 1 OFFSET $((n / 3))")
  word=trackers
  yest=$(date -d "$today -1 day" +%F)
  now=$(date -d "$today 10:00" +%s)
  day0=$(date -d "$today" +%s)
  d30=$((now - 30 * 86400)); d60=$((now - 60 * 86400)); d84=$((now - 84 * 86400))
  d90=$((now - 90 * 86400)); d365=$((now - 365 * 86400))

  fu="SELECT f.id, f.customer_id, c.name, f.what, f.due_date, f.due_time, f.original_due, f.status,
        f.done_at, f.snooze_count, f.repeat_rule, f.interaction_id
      FROM follow_ups f JOIN customers c ON c.id = f.customer_id"
  row="SELECT c.id, c.kind, c.name, o.name, c.last_contact_at, c.next_due, c.cadence_days,
        (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'email' ORDER BY position LIMIT 1),
        (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'phone' ORDER BY position LIMIT 1),
        (SELECT group_concat(name, ' ') FROM (SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
           WHERE ct.customer_id = c.id ORDER BY t.name)),
        (SELECT coalesce(sum(value_minor), 0) FROM deals WHERE customer_id = c.id AND stage = 'won')
      FROM customers c LEFT JOIN customers o ON o.id = c.org_id"
  risk="SELECT r.account_id, r.name, r.kind, r.tier, r.revenue_minor, r.score, r.cold,
        r.no_next_step, r.last_contact_at, r.next_due, r.days_since, r.rhythm_days, r.rhythm_source,
        r.sat_from, r.sat_to, r.stuck_deal_id, r.stuck_title, r.stuck_stage, r.stuck_days
      FROM account_risk r"

  declare -A sql
  sql[today]="$fu WHERE f.status = 'open' AND f.due_date <= '$today'
        ORDER BY f.due_date, f.due_time IS NULL, f.due_time, f.id LIMIT 100;
      SELECT count(*) FROM follow_ups WHERE status = 'open' AND due_date <= '$today';
      SELECT count(*) FROM follow_ups WHERE status = 'open' AND due_date <= '$yest';
      SELECT count(*) FROM follow_ups
        WHERE done_at >= $day0 AND done_at < $((day0 + 86400)) AND original_due <= '$today';
      $risk WHERE r.review = 1
        ORDER BY r.tier, r.cold DESC, r.score DESC, r.revenue_minor DESC, r.account_id LIMIT 10;"
  sql[show]="$row WHERE c.id = $who;
      SELECT * FROM customers WHERE id = $who;
      SELECT kind, value, label FROM contact_points WHERE customer_id = $who ORDER BY position;
      SELECT i.*, c.name FROM interactions i JOIN customers c ON c.id = i.customer_id
        WHERE i.customer_id IN (SELECT $who UNION ALL SELECT id FROM customers WHERE org_id = $who)
        ORDER BY i.occurred_at DESC, i.id DESC LIMIT 20;
      SELECT count(*) FROM interactions WHERE customer_id = $who;
      $fu WHERE f.customer_id = $who ORDER BY f.status <> 'open', f.due_date LIMIT 20;
      SELECT * FROM deals WHERE customer_id = $who ORDER BY id;
      SELECT sum(occurred_at >= $d30), sum(occurred_at >= $d90), sum(occurred_at >= $d365),
             avg(rating), sum(minutes), sum(direction = 'in')
        FROM interactions WHERE customer_id = $who AND kind <> 'note';
      SELECT * FROM account_history WHERE account_id = $who;
      $risk WHERE r.account_id = $who;"
  sql[search]="SELECT c.id, c.name, snippet(customers_fts, -1, '[', ']', '…', 10)
        FROM customers_fts JOIN customers c ON c.id = customers_fts.rowid
        WHERE customers_fts MATCH '\"$word\"*' ORDER BY rank LIMIT 30;
      SELECT i.customer_id, c.name, i.id, i.kind, snippet(interactions_fts, -1, '[', ']', '…', 12), i.occurred_at
        FROM interactions_fts JOIN interactions i ON i.id = interactions_fts.rowid
        JOIN customers c ON c.id = i.customer_id
        WHERE interactions_fts MATCH '\"$word\"*' ORDER BY rank LIMIT 30;
      SELECT f.customer_id, c.name, snippet(follow_ups_fts, -1, '[', ']', '…', 12), f.status
        FROM follow_ups_fts JOIN follow_ups f ON f.id = follow_ups_fts.rowid
        JOIN customers c ON c.id = f.customer_id
        WHERE follow_ups_fts MATCH '\"$word\"*' ORDER BY f.status <> 'open', rank LIMIT 30;"
  sql[cold]="$risk WHERE r.cold = 1 ORDER BY r.score DESC, r.account_id LIMIT 50;
      SELECT count(*) FROM account_risk WHERE cold = 1;"
  sql[report]="SELECT kind, direction, count(*) FROM interactions
        WHERE occurred_at >= $d30 AND occurred_at < $now GROUP BY kind, direction;
      SELECT kind, direction, count(*) FROM interactions
        WHERE occurred_at >= $d60 AND occurred_at < $d30 GROUP BY kind, direction;
      SELECT count(*) FROM follow_ups WHERE done_at >= $d60;
      SELECT stage, count(*), sum(value_minor) FROM deals WHERE closed_at >= $d60 GROUP BY stage;
      SELECT tier_summary FROM insight_stamp;
      SELECT t.account_id, c.name, t.tier, t.revenue_minor FROM account_tiers t
        JOIN customers c ON c.id = t.account_id ORDER BY t.revenue_minor DESC, t.account_id LIMIT 10;
      $risk WHERE r.at_risk = 1 ORDER BY r.score DESC, r.account_id LIMIT 10;
      SELECT count(*) FROM account_risk WHERE cold = 1;
      SELECT substr(expected_close, 1, 7), currency, sum(value_minor), sum(value_minor * probability / 100)
        FROM deals WHERE stage NOT IN ('won', 'lost') GROUP BY 1, 2;
      SELECT (occurred_at - $d84) / 604800, count(*) FROM interactions
        WHERE occurred_at >= $d84 AND kind <> 'note' GROUP BY 1;"
  # The same write as `rolo log`: a journal entry and an interaction (its triggers do the rest).
  sql[log]="PRAGMA synchronous = FULL; BEGIN IMMEDIATE;
      INSERT INTO changes(at, summary) VALUES ($now, 'Logged call');
      INSERT INTO interactions(customer_id, kind, direction, occurred_at, summary, notes, created_at)
        VALUES ($who, 'call', 'out', $now, 'Benchmark call', '', $now);
      COMMIT;"

  declare -A args
  args[today]="today"
  args[show]="show #$who"
  args[search]="search $word"
  args[cold]="list --cold"
  args[report]="report"
  args[log]="log #$who call Benchmark"
  # Warm the caches (first read after demo) and the page cache.
  "$bin" --db "$db" report >/dev/null
  for cmd in today log show search cold report; do
    sq "${sql[$cmd]}" >/dev/null || { echo "sqlite3 failed on $cmd" >&2; exit 1; }
    # Interleaved, so a slow moment of the disk (fsync) hits both sides alike.
    rt=() st=()
    for _ in $(seq "$runs"); do
      # shellcheck disable=SC2086
      rt+=("$(once_us "$bin" --db "$db" ${args[$cmd]})")
      st+=("$(once_us sq "${sql[$cmd]}")")
    done
    r=$(printf '%s\n' "${rt[@]}" | median)
    s=$(printf '%s\n' "${st[@]}" | median)
    # shellcheck disable=SC2086
    m=$(peak_kb "$bin" --db "$db" ${args[$cmd]})
    printf '%-8s %-10s %10.1f %10.1f %6.2fx %9.1f\n' "$n" "$cmd" \
      "$(echo "$r / 1000" | bc -l)" "$(echo "$s / 1000" | bc -l)" \
      "$(echo "$r / $s" | bc -l)" "$(echo "$m / 1024" | bc -l)"
  done
  # Import: rolo reading the generator's Google-style CSV into an empty database, against
  # `sqlite3 .import` of the same file into a bare table (no parsing of names, no dedupe).
  gen=$PWD/../shared/bench/gen.py
  if [ -f "$gen" ]; then
    python3 "$gen" "$n" --out "$dir/gen" --today "$today" >/dev/null
    csv=$dir/gen/customers-$n.csv
    r=$(once_us "$bin" --db "$dir/imp-$n.db" import "$csv")
    s=$(once_us sqlite3 "$dir/imp-sq-$n.db" ".import --csv $csv customers")
    m=$(peak_kb "$bin" --db "$dir/imp-m-$n.db" import "$csv")
    printf '%-8s %-10s %10.1f %10.1f %6.2fx %9.1f\n' "$n" import \
      "$(echo "$r / 1000" | bc -l)" "$(echo "$s / 1000" | bc -l)" \
      "$(echo "$r / $s" | bc -l)" "$(echo "$m / 1024" | bc -l)"
  fi
  unset sql args
done
