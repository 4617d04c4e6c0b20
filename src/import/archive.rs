//! Reading ZIP containers (DOCX, XLSX) with limits against zip bombs.
