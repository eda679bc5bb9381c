// Small browser helpers the console calls over JS interop. Loaded once from App.razor.
window.hmsOps = {
    theme: {
        get: () => localStorage.getItem("hms-ops-theme"),
        set: (value) => localStorage.setItem("hms-ops-theme", value),
    },
    clock: {
        offsetMinutes: () => new Date().getTimezoneOffset(),
    },
};
