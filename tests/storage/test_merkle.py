"""RFC 6962 Merkle trees against the Certificate Transparency reference vectors; mutated proofs fail."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.merkle import (
    EMPTY_ROOT,
    Frontier,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

h = bytes.fromhex
LEAF_DATA = [
    h(x)
    for x in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
LEAVES = [leaf_hash(d) for d in LEAF_DATA]
ROOTS = [
    h(x)
    for x in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
CONSISTENCY = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        2,
        8,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]


def test_the_empty_tree_hashes_the_empty_string() -> None:
    assert root([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_match_the_reference_tree_heads(size: int) -> None:
    assert root(LEAVES[:size]) == ROOTS[size - 1]


@pytest.mark.parametrize("size", range(0, 9))
def test_the_frontier_gives_the_same_root_as_the_whole_tree(size: int) -> None:
    frontier = Frontier()
    for leaf in LEAVES[:size]:
        frontier.append(leaf)
    assert frontier.root() == (ROOTS[size - 1] if size else EMPTY_ROOT)
    resumed = Frontier.from_hex(frontier.size, frontier.to_hex())
    assert resumed.root() == frontier.root()


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION)
def test_inclusion_proofs_match_the_reference(index: int, size: int, expected: list[str]) -> None:
    proof = inclusion_proof(index, LEAVES[:size])
    assert [p.hex() for p in proof] == expected
    verify_inclusion(index=index, tree_size=size, leaf=LEAVES[index], proof=proof, root_hash=ROOTS[size - 1])


@pytest.mark.parametrize(("old", "new", "expected"), CONSISTENCY)
def test_consistency_proofs_match_the_reference(old: int, new: int, expected: list[str]) -> None:
    proof = consistency_proof(old, LEAVES[:new])
    assert [p.hex() for p in proof] == expected
    verify_consistency(
        old_size=old, new_size=new, old_root=ROOTS[old - 1], new_root=ROOTS[new - 1], proof=proof
    )


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def _mutations(proof: list[bytes]) -> list[list[bytes]]:
    out = []
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([proof[i][0] ^ 1]) + proof[i][1:]
        out.append(flipped)
    if proof:
        out.append(proof[:-1])
        if len(proof) > 1 and proof[0] != proof[1]:
            out.append([proof[1], proof[0], *proof[2:]])
    out.append([*proof, b"\xab" * 32])
    return out


@given(st.integers(min_value=1, max_value=70), st.data())
def test_every_inclusion_proof_verifies_and_every_mutation_fails(size: int, data: st.DataObject) -> None:
    leaves = _leaves(size)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    top = root(leaves)
    proof = inclusion_proof(index, leaves)
    verify_inclusion(index=index, tree_size=size, leaf=leaves[index], proof=proof, root_hash=top)
    for bad in _mutations(proof):
        with pytest.raises(ProofError):
            verify_inclusion(index=index, tree_size=size, leaf=leaves[index], proof=bad, root_hash=top)
    other = (index + 1) % size
    if other != index:
        with pytest.raises(ProofError):
            verify_inclusion(index=other, tree_size=size, leaf=leaves[index], proof=proof, root_hash=top)


@given(st.integers(min_value=2, max_value=70), st.data())
def test_every_consistency_proof_verifies_and_every_mutation_fails(size: int, data: st.DataObject) -> None:
    leaves = _leaves(size)
    old = data.draw(st.integers(min_value=1, max_value=size - 1))
    old_root, new_root = root(leaves[:old]), root(leaves)
    proof = consistency_proof(old, leaves)
    verify_consistency(old_size=old, new_size=size, old_root=old_root, new_root=new_root, proof=proof)
    for bad in _mutations(proof):
        with pytest.raises(ProofError):
            verify_consistency(old_size=old, new_size=size, old_root=old_root, new_root=new_root, proof=bad)
    rewritten = root([leaf_hash(b"rewritten"), *leaves[1:old]])
    with pytest.raises(ProofError):
        verify_consistency(old_size=old, new_size=size, old_root=rewritten, new_root=new_root, proof=proof)
