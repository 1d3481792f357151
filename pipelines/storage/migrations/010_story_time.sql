-- The stories of the week at 1 M articles (issue 12; `python -m bench --only store`): the README's query
-- found them through the week's 35 k articles, one cluster_members probe each or a scan of all members
-- (0.3-0.4 s). Each story's rollup row now keeps its latest publication time, current after every write
-- (storage/rollup.py), and the stories with more than one article are indexed by it. The table is
-- rebuilt rather than updated in place, which would leave a dead copy of every row behind.
create table cluster_rollup_010 (
    cluster_id     bigint primary key,
    outlets        text[] not null,
    origin         text,
    copies         int not null,
    counted        boolean not null,
    size           int not null,
    last_published timestamptz       -- the story's latest article
);
insert into cluster_rollup_010
select r.cluster_id, r.outlets, r.origin, r.copies, r.counted, r.size, s.last_published
from cluster_rollup r
left join (select m.cluster_id, max(a.published_at) as last_published
           from cluster_members m join articles a on a.id = m.article_id group by m.cluster_id) s
  on s.cluster_id = r.cluster_id;
drop table cluster_rollup;
alter table cluster_rollup_010 rename to cluster_rollup;
alter index cluster_rollup_010_pkey rename to cluster_rollup_pkey;
create index cluster_rollup_multi_idx on cluster_rollup (cluster_id) where counted and size > 1;
create index cluster_rollup_counted_idx on cluster_rollup (cluster_id) where counted;
create index cluster_rollup_size_idx on cluster_rollup (size desc) where counted;
create index cluster_rollup_multi_recent_idx on cluster_rollup (last_published desc) where counted and size > 1;
