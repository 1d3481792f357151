-- Sources have kinds: outlet (agency, newspaper, site, broadcaster, foreign) | press_office | person | unknown.
-- attribution_edges.kind held the registry's kind of a known outlet; it now holds the source kind the parser
-- read («روابط عمومی X» is a press office, «X در کانال تلگرامی خود نوشت» a person).
update attribution_edges set kind = 'outlet' where kind in ('agency', 'site', 'newspaper', 'broadcaster', 'foreign');
comment on column attribution_edges.kind is 'outlet | press_office | person | unknown';

-- The origin of a story says its kind; members that took the same press release are not copies of each other.
alter table clusters add column origin_kind text;  -- outlet | press_office | person | unknown
alter table cluster_members add column same_release text;  -- the press office this member credits, shared with another member
