"""The text emotion network: word embeddings, a bidirectional GRU, max and mean pooling, seven sigmoids.

Batches never hold padding (training groups texts of equal token count, the product classifies one text at a
time), so the GRU runs over real tokens only and the exported graph needs no mask.
"""
from __future__ import annotations

import torch
from torch import nn


class TextEmotionNet(nn.Module):
    def __init__(self, vectors: torch.Tensor, frozen: tuple[int, int], hidden: int = 128, dropout: float = 0.3):
        """vectors: [vocabulary, dim] initial embeddings in id order; rows frozen[0]..frozen[1]-1 (the pre-trained
        vectors) stay fixed, the others (padding, unknown, frequent tokens the vectors lack) are learnt."""
        super().__init__()
        start, end = frozen
        self.frozen = nn.Parameter(vectors[start:end].clone(), requires_grad=False)
        self.learnt_head = nn.Parameter(vectors[:start].clone())
        self.learnt_tail = nn.Parameter(vectors[end:].clone())
        self.embedding_dropout = nn.Dropout(dropout)
        self.gru = nn.GRU(vectors.shape[1], hidden, batch_first=True, bidirectional=True)
        self.output_dropout = nn.Dropout(dropout)
        self.head = nn.Linear(4 * hidden, 7)

    def embeddings(self, frozen: torch.Tensor | None = None) -> torch.Tensor:
        return torch.cat([self.learnt_head, self.frozen if frozen is None else frozen, self.learnt_tail])

    def logits(self, ids: torch.Tensor, frozen: torch.Tensor | None = None) -> torch.Tensor:
        x = nn.functional.embedding(ids, self.embeddings(frozen))
        states, _ = self.gru(self.embedding_dropout(x))
        pooled = torch.cat([states.max(dim=1).values, states.mean(dim=1)], dim=1)
        return self.head(self.output_dropout(pooled))


class Ensemble(nn.Module):
    """What is exported: int64 token ids [batch, tokens] -> mean of the members' probabilities [batch, 7].

    The members share the pre-trained rows, stored once in float16 (they are GloVe values rounded to 5-6 digits,
    so half precision loses nothing that matters and halves the file); each member keeps its own learnt rows.
    """

    def __init__(self, members: list[TextEmotionNet]):
        super().__init__()
        self.members = nn.ModuleList(members)
        self.register_buffer("shared", members[0].frozen.detach().half())
        for member in members[1:]:
            if not torch.equal(member.frozen, members[0].frozen):
                raise ValueError("ensemble members must share their pre-trained rows")

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        shared = self.shared.float()
        probabilities = [torch.sigmoid(m.logits(input_ids, shared)) for m in self.members]
        return torch.stack(probabilities).mean(dim=0)
