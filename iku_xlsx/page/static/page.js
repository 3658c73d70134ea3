// iku-xlsx: the planner's page. Drag and drop, upload progress, copying links.
// Plain JavaScript, no build step, nothing fetched from elsewhere. The forms work without it.
"use strict";

function chosenText(files) {
  if (!files || files.length === 0) return "Belum ada berkas dipilih.";
  if (files.length === 1) return "Dipilih: " + files[0].name;
  return files.length + " berkas dipilih";
}

function sendForm(form) {
  const input = form.querySelector('input[type="file"]');
  const bar = form.querySelector("progress.kemajuan");
  const fault = form.querySelector(".galat-kirim");
  const button = form.querySelector('button[type="submit"]');
  const token = form.querySelector('input[name="csrf"]').value;
  if (!input.files || input.files.length === 0) {
    fault.textContent = "Belum ada berkas yang dipilih.";
    fault.hidden = false;
    return;
  }
  const request = new XMLHttpRequest();
  request.open("POST", form.action);
  request.setRequestHeader("X-IKU-Fetch", "1");
  request.setRequestHeader("X-IKU-CSRF", token);
  request.responseType = "json";
  request.upload.addEventListener("progress", (event) => {
    if (event.lengthComputable) bar.value = (100 * event.loaded) / event.total;
  });
  request.upload.addEventListener("load", () => {
    bar.removeAttribute("value"); // sent: now being checked
    button.textContent = "Sedang diperiksa…";
  });
  request.addEventListener("load", () => {
    const answer = request.response || {};
    if (request.status === 200 && answer.next) {
      window.location.assign(answer.next);
      return;
    }
    fault.textContent = answer.error || "Pengiriman gagal (" + request.status + "). Coba lagi.";
    fault.hidden = false;
    button.disabled = false;
    button.textContent = "Kirim dan periksa";
  });
  request.addEventListener("error", () => {
    fault.textContent = "Pengiriman gagal: halaman tidak dapat dihubungi. Apakah iku-xlsx masih berjalan?";
    fault.hidden = false;
    button.disabled = false;
  });
  fault.hidden = true;
  bar.hidden = false;
  bar.value = 0;
  button.disabled = true;
  button.textContent = "Sedang mengirim…";
  request.send(new FormData(form));
}

document.querySelectorAll("form[data-unggah]").forEach((form) => {
  const zone = form.querySelector(".seret");
  const input = form.querySelector('input[type="file"]');
  const shown = form.querySelector(".terpilih");
  input.addEventListener("change", () => { shown.textContent = chosenText(input.files); });
  ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (event) => {
    event.preventDefault();
    zone.classList.add("di-atas");
  }));
  ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, () => {
    zone.classList.remove("di-atas");
  }));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length > 0) {
      input.files = event.dataTransfer.files;
      shown.textContent = chosenText(input.files);
      sendForm(form);
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendForm(form);
  });
});

document.querySelectorAll("form[data-rekap]").forEach((form) => {
  form.addEventListener("submit", () => {
    const button = form.querySelector("button");
    // disabled after the submission has started, so that the form is still sent
    setTimeout(() => { button.disabled = true; button.textContent = "Sedang membuat rekap…"; }, 0);
  });
});

document.querySelectorAll("button[data-salin]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.salin);
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (error) {
      document.execCommand("copy");
    }
    button.textContent = "Tersalin";
    setTimeout(() => { button.textContent = "Salin"; }, 2000);
  });
});

const catalogFile = document.getElementById("berkas-katalog");
if (catalogFile) {
  catalogFile.addEventListener("change", () => {
    document.getElementById("katalog-berkas").checked = true; // the file chosen is the choice
    catalogFile.parentElement.querySelector(".terpilih").textContent = chosenText(catalogFile.files);
  });
}

document.documentElement.dataset.siap = "1"; // the handlers are in place (tests wait for it)
