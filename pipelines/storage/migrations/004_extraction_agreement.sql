-- A second opinion on every extraction (pipelines/agreement.py): the article's token F1 against
-- trafilatura, null when no second opinion was taken (spool replays of old records, `newsagg dedup`),
-- and each run's median per outlet, which raises a layout alert when it falls below
-- [crawl] agreement_threshold.
alter table articles add column extraction_agreement real;
alter table crawl_run_outlets add column agreement real;
comment on column crawl_run_outlets.agreement is 'median extraction_agreement of the run''s scored articles';
