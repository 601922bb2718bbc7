# The policykg API. docker-compose.yml wires it to Neo4j through NEO4J_URI.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph graph
COPY ingest ingest
COPY queries queries
COPY api api
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["uvicorn", "api.app:app_from_env", "--factory", "--host", "0.0.0.0", "--port", "8000"]
