-- The review page's and the README's slow reads at 1 M articles (figures from `python -m bench --only store`).
-- The newest first in the order the queue shows (published_at desc nulls last, then id): an index scan that
-- stops after the page, where articles_published_idx (ascending, nulls last) read backwards puts nulls first.
create index if not exists articles_published_desc_idx on articles (published_at desc nulls last, id desc);
-- The distinct origins of live stories, one index probe each (the queue's stories of unknown origin).
create index if not exists clusters_live_origin_idx on clusters (origin) where merged_into is null;
-- The planner's estimate of the queue's low-similarity members (no statistics on the expression guessed a
-- third of all members, so it walked every article newest first looking for them).
create statistics if not exists cluster_members_similarity_stat on (greatest(jaccard, containment)) from cluster_members;
