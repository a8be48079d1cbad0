"""Converting a whole report in one OpenCC call equals converting each passage alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trendreader.library.model import Script
from trendreader.script.display import convert_passages, to_variant
from trendreader.script.variants import Variant

# Characters that OpenCC changes, the halves of multi-character phrases (網際網路, 晶片, 想象,
# 么, 著), the separators the batch trick depends on, and anything else Unicode has.
_HOT = "为為么麼着著里裏裡后後干幹乾发發网網际際路芯晶片互联聯想象像台臺周週说說衞线綫机機会會"
_SEPARATORS = "\n\r\x00\u2028\u0085 \t"
characters = st.one_of(
    st.sampled_from(_HOT),
    st.sampled_from(_SEPARATORS),
    st.characters(codec="utf-8"),
)
texts = st.lists(st.text(characters, max_size=12), max_size=8)


@settings(max_examples=300, deadline=None)
@given(
    texts=texts,
    source=st.sampled_from(list(Script)),
    variant=st.sampled_from(list(Variant)),
    region=st.sampled_from([None, "tw", "hk"]),
)
def test_batch_equals_one_by_one(
    texts: list[str], source: Script, variant: Variant, region: str | None
) -> None:
    batch = convert_passages(texts, source, variant, region=region)  # type: ignore[arg-type]
    one_by_one = [to_variant(t, source, variant, region=region) for t in texts]  # type: ignore[arg-type]
    assert batch == one_by_one
