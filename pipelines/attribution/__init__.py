from newsagg.pipelines.attribution.chain import Chain, Hop, parse_chain  # noqa: F401
from newsagg.pipelines.attribution.names import SourceResolver  # noqa: F401
from newsagg.pipelines.attribution.provenance import Member, Provenance, reconstruct  # noqa: F401
