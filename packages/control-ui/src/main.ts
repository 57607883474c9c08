// Entry of the Control UI bundle: defines <oc-app> (and every page it shows).
import "./app.js";
