-- Commit order for the shared cluster index. Article ids are taken at insert, before the cluster
-- lock, so they do not follow commit order: a process that loaded "ids above the last one seen"
-- never saw an article that committed after a newer id (tests/faults/test_storage.py proves it).
-- Membership rows are inserted under the cluster lock, which is held until commit, so a sequence
-- taken there does follow commit order.
alter table cluster_members add column seq bigserial;
create index cluster_members_seq_idx on cluster_members (seq);
