"""The plain LangChain recipe, as a newcomer writes it from the LangChain docs, for the benchmarks to
compare our pipeline with: read each file's text, split it with RecursiveCharacterTextSplitter
(500 characters, 100 of overlap, Chinese separators), store it with `Chroma.from_documents` in a
persist directory, and retrieve with `similarity_search(question, k=5)`.

The recipe reads .txt files as UTF-8, as LangChain's TextLoader does (a .txt file in another encoding
goes through our loader, which detects it); other formats go through our loader (`load_file`), its
blocks joined by blank lines, since LangChain has no one loader for them all. It does none of what
ingest adds: no cleaning of web chrome or duplicated lines, no outline, no sentence vectors, no
metadata but the file's path, no embedding cache. A file our loader refuses (empty, unsupported,
a scan without text) is left out, as ingest reports it failed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.errors import IngestError
from ingest.loaders import load_file
from ingest.prepare import iter_input_files

log = logging.getLogger(__name__)

CHUNK_SIZE, CHUNK_OVERLAP, K = 500, 100, 5
SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，", ""]
COLLECTION = "recipe"


def read_text(path: Path) -> str:
    """A file's text: a .txt file as UTF-8, any other format through our loader (blocks joined by
    blank lines). Raises IngestError for a file the loader refuses."""
    if path.suffix.lower() == ".txt":
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            pass
    return "\n\n".join(b.text for b in load_file(path).blocks)


def recipe_chunks(paths: Iterable[str | Path]) -> list[Document]:
    """The recipe's chunks of the files named (folders walked as ingest walks them): Documents of at
    most CHUNK_SIZE characters, neighbours sharing up to CHUNK_OVERLAP, with metadata `source` (the
    file's path) and `start_index` (the chunk's character offset in the file's text)."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, separators=SEPARATORS, add_start_index=True
    )
    docs = []
    for path in iter_input_files(paths):
        try:
            docs.append(Document(page_content=read_text(path), metadata={"source": str(path)}))
        except IngestError as e:
            log.warning("recipe leaves out %s: %s", path, e)
    return splitter.split_documents(docs)


def open_recipe_store(persist_directory: Path, embeddings: Embeddings) -> Chroma:
    """An empty (or existing) recipe collection persisted under persist_directory."""
    return Chroma(
        collection_name=COLLECTION,
        embedding_function=embeddings,
        persist_directory=str(persist_directory),
        client_settings=ChromaSettings(anonymized_telemetry=False),
    )


def recipe_ingest(
    paths: Iterable[str | Path], embeddings: Embeddings, persist_directory: Path
) -> tuple[Chroma, list[Document]]:
    """The recipe end to end: files read and split, every chunk embedded (no cache) and stored with
    `Chroma.from_documents` under persist_directory. Returns the store and the chunks."""
    chunks = recipe_chunks(paths)
    store = Chroma.from_documents(
        chunks,
        embeddings,
        collection_name=COLLECTION,
        persist_directory=str(persist_directory),
        client_settings=ChromaSettings(anonymized_telemetry=False),
    )
    return store, chunks


def recipe_search(store: Chroma, question: str, k: int = K) -> list[Document]:
    """The recipe's retrieval: the k chunks nearest the question (Chroma's default L2 distance)."""
    return store.similarity_search(question, k=k)


def copy_into(store: Chroma, chunks: list[Document], vectors: list[list[float]], documents: int) -> Chroma:
    """Fill an empty `store` with copies of the chunks' files under distinct sources and ids, with
    their precomputed vectors (nothing is embedded), until it holds `documents` files: copy n is
    file n mod (number of files), its source `<path>#<n>`. vectors[i] is chunks[i]'s vector."""
    by_file: dict[str, list[int]] = {}
    for i, c in enumerate(chunks):
        by_file.setdefault(c.metadata["source"], []).append(i)
    files = list(by_file.values())
    ids, vecs, texts, metas = [], [], [], []
    for n in range(documents):
        for i in files[n % len(files)]:
            ids.append(f"{n:05d}:{i}")
            vecs.append(vectors[i])
            texts.append(chunks[i].page_content)
            metas.append({**chunks[i].metadata, "source": f"{chunks[i].metadata['source']}#{n:05d}"})
    batch = store._client.get_max_batch_size()
    for b in range(0, len(ids), batch):
        store._collection.add(
            ids=ids[b : b + batch],
            embeddings=vecs[b : b + batch],  # type: ignore[arg-type]
            documents=texts[b : b + batch],
            metadatas=metas[b : b + batch],  # type: ignore[arg-type]
        )
    return store
