# NN Playground: a Streamlit app on a NumPy core.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/tmp/board
# DATA_DIR: the class board's SQLite file when no BOARD_URL is given, on the
# writable /tmp of a read-only container (lost with the container: compose.yaml
# keeps the board in Redis instead).

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY .streamlit .streamlit
COPY app.py serve.py ./
COPY core core
COPY board board
COPY plots plots
COPY ui ui
COPY pages pages
# plotly.js for the live charts is copied into static/ now, while the files are
# still writable; at run time the app writes nothing into /app.
RUN python -c "from ui.live_chart import ensure_plotly_js; ensure_plotly_js()" \
    && useradd --create-home --uid 10001 app

USER app
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"
CMD ["python", "-m", "streamlit", "run", "serve.py", "--server.port=8501", "--server.address=0.0.0.0"]
