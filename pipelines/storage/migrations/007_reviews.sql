-- Reviews: confirm as well as correct, undo without losing history, and the indexes the review page reads by.
alter table chain_corrections
    add column action        text not null default 'correct',   -- correct | confirm
    add column allow_unknown boolean not null default false,    -- a source outside the registry, deliberately
    add column undone_at     timestamptz,
    add column undone_by     text;
alter table origin_corrections
    add column action        text not null default 'correct',
    add column allow_unknown boolean not null default false,    -- an origin outside the story or the registry, deliberately
    add column undone_at     timestamptz,
    add column undone_by     text;

-- the latest live correction of one article / one story: an index lookup, not a scan
create index chain_corrections_live_idx on chain_corrections (article_id, created_at desc, id desc) where undone_at is null;
create index origin_corrections_live_idx on origin_corrections (cluster_id, created_at desc, id desc) where undone_at is null;
-- the review queue: only flagged rows are indexed
create index cluster_members_flagged_idx on cluster_members (article_id) where uncredited or conflict is not null;
create index attribution_edges_unknown_idx on attribution_edges (article_id) where not known;
create index cluster_members_weak_idx on cluster_members (article_id)
    where reason <> 'new-story' and greatest(jaccard, containment) < 0.6;

-- An undone correction no longer wins; the rest of each view is as in 002.
create or replace view article_chain as
select a.id as article_id, a.url, a.outlet_id, a.published_at, a.title,
       coalesce(c.chain, e.chain, array[a.outlet_id]) as chain,
       c.chain is not null as corrected,
       c.reviewer, c.created_at as corrected_at
from articles a
left join lateral (
    select array_agg(source order by position) as chain from attribution_edges where article_id = a.id
) e on true
left join lateral (
    select chain, reviewer, created_at from chain_corrections
    where article_id = a.id and undone_at is null order by created_at desc, id desc limit 1
) c on true;

create or replace view cluster_origin as
select cl.id as cluster_id,
       coalesce(oc.origin, cl.origin) as origin,
       case when oc.origin is not null then 'reviewer' else cl.origin_reason end as origin_reason,
       oc.reviewer
from clusters cl
left join lateral (
    select origin, reviewer from origin_corrections
    where cluster_id = cl.id and undone_at is null order by created_at desc, id desc limit 1
) oc on true;
