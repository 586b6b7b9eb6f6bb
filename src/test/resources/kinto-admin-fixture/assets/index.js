document.getElementById("root").textContent = "kinto-admin fixture";
