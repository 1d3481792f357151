"""What the attribution tests share: a resolver that knows Roozno's and Mashregh's self-names (as learned from their own
articles) and the hops a lead reads into, the publisher left out, names compared as `SourceResolver.canonical` compares them."""
from newsagg.pipelines.attribution import SourceResolver, parse_chain

RESOLVER = SourceResolver(learned={"roozno.com": ("روز نو",), "mashreghnews.ir": ("مشرق",)})


def chain(text: str, publisher: str = "tabnak.ir") -> list[str]:
    return [RESOLVER.canonical(h) for h in parse_chain(text.split("\n"), publisher, RESOLVER).outlets[1:]]


def names(*expected: str) -> list[str]:
    return [RESOLVER.canonical(e) for e in expected]
