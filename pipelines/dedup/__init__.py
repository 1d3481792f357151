from newsagg.pipelines.dedup.index import Assignment, ClusterIndex, DedupConfig, Entry  # noqa: F401
from newsagg.pipelines.dedup.signature import Signature, signature  # noqa: F401
