-- Views that answer the users' questions directly. Reviewer corrections win over the parser.

create view article_chain as
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
    where article_id = a.id order by created_at desc, id desc limit 1
) c on true;

create view cluster_origin as
select cl.id as cluster_id,
       coalesce(oc.origin, cl.origin) as origin,
       case when oc.origin is not null then 'reviewer' else cl.origin_reason end as origin_reason,
       oc.reviewer
from clusters cl
left join lateral (
    select origin, reviewer from origin_corrections
    where cluster_id = cl.id order by created_at desc, id desc limit 1
) oc on true;

create view cluster_overview as
select cl.id as cluster_id,
       count(*) as size,
       count(distinct a.outlet_id) as outlet_count,
       min(a.published_at) as first_published,
       max(a.published_at) as last_published,
       (array_agg(a.outlet_id order by a.published_at nulls last, a.id))[1] as first_publisher,
       array_agg(distinct a.outlet_id) as outlets,
       co.origin, co.origin_reason,
       rep.title as title,
       count(*) filter (where m.uncredited) as uncredited_copies
from clusters cl
join cluster_members m on m.cluster_id = cl.id
join articles a on a.id = m.article_id
join cluster_origin co on co.cluster_id = cl.id
left join articles rep on rep.id = cl.representative_id
where cl.merged_into is null
group by cl.id, co.origin, co.origin_reason, rep.title;

create view cluster_member_chains as
select m.cluster_id, a.id as article_id, a.outlet_id, a.published_at, a.title, a.url,
       ac.chain, ac.corrected, m.reason, m.jaccard, m.containment, m.matched_article_id,
       m.uncredited, m.conflict
from cluster_members m
join articles a on a.id = m.article_id
join article_chain ac on ac.article_id = a.id;

create view uncredited_copies as
select m.cluster_id, co.origin, a.id as article_id, a.outlet_id, a.published_at, a.title, a.url
from cluster_members m
join articles a on a.id = m.article_id
join cluster_origin co on co.cluster_id = m.cluster_id
where m.uncredited;

create view outlet_activity as
select o.id as outlet_id, o.name_en, o.kind,
       count(distinct a.id) as articles,
       count(distinct m.cluster_id) as clusters,
       count(distinct a.id) filter (where cardinality(ac.chain) > 1) as articles_crediting_others,
       (select count(*) from attribution_edges e where e.source = o.id and e.position > 0) as times_credited,
       (select count(*) from uncredited_copies u where u.origin = o.id) as copied_without_credit,
       (select count(*) from cluster_overview co where co.origin = o.id) as stories_originated
from outlets o
left join articles a on a.outlet_id = o.id
left join cluster_members m on m.article_id = a.id
left join article_chain ac on ac.article_id = a.id
group by o.id, o.name_en, o.kind;
