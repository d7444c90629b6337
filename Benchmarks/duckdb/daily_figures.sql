-- An independent implementation, in DuckDB SQL, of the identity-free columns of Fission's `daily_activity`
-- (events, orders, revenue_minor per local day × platform, and platform 'all'), read straight from the
-- gzip'd JSON Lines files. `{inputs}` is replaced by the benchmark with a glob of the input files.
-- Assumes the benchmark's generated data: no bad lines, no duplicates, reporting currency CNY, zone Asia/Shanghai
-- (UTC+08:00 all year since 1991).
CREATE OR REPLACE TEMP TABLE events AS
SELECT
    event,
    lower(platform) AS platform,
    -- ts: RFC 3339 text or epoch milliseconds
    CASE WHEN json_type(ts) IN ('BIGINT', 'UBIGINT') THEN CAST(ts AS BIGINT)
         ELSE epoch_ms(CAST(json_extract_string(ts, '$') AS TIMESTAMPTZ)) END AS ms,
    json_extract_string(props, '$.amount') AS amount
FROM read_json('{inputs}', format = 'newline_delimited', compression = 'gzip',
               columns = {event: 'VARCHAR', ts: 'JSON', platform: 'VARCHAR', props: 'JSON'});

CREATE OR REPLACE TEMP TABLE daily AS
WITH local AS (
    SELECT platform, event,
           CAST(DATE '1970-01-01' + CAST(floor((ms + 28800000) / 86400000) AS INTEGER) AS VARCHAR) AS day,
           CASE WHEN event IN ('order_paid', 'refund')
                THEN CAST(round(CAST(amount AS DECIMAL(18, 2)) * 100) AS BIGINT) END AS minor
    FROM events
)
SELECT day, coalesce(platform, 'all') AS platform,
       count(*) AS events,
       count(*) FILTER (WHERE event = 'order_paid') AS orders,
       coalesce(sum(CASE event WHEN 'order_paid' THEN minor WHEN 'refund' THEN -minor END), 0) AS revenue_minor
FROM local
GROUP BY GROUPING SETS ((day, platform), (day));

SELECT day, platform, events, orders, revenue_minor FROM daily ORDER BY day, platform;
