# Ombud in a container. Build: docker build -t ombud .   Use with compose.yaml (docs/install.md).

# Build stage: a wheel of Ombud and of every dependency, so the runtime stage needs no compiler.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY config ./config
COPY locales ./locales
COPY examples ./examples
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN groupadd --system --gid 10001 ombud \
    && useradd --system --uid 10001 --gid ombud --home-dir /var/lib/ombud --create-home ombud \
    && chmod 0700 /var/lib/ombud
COPY --from=build /wheels /wheels
# Exactly the wheels built above: Ombud and its dependencies at the versions resolved then.
RUN pip install --no-cache-dir --no-index /wheels/*.whl \
    && rm -rf /wheels
USER 10001:10001
WORKDIR /var/lib/ombud
VOLUME ["/var/lib/ombud"]
ENTRYPOINT ["ombud"]
CMD ["run"]
