export {
  type ControlUiAssets,
  type ControlUiFile,
  controlUiDir,
  loadControlUi,
} from "./control-ui-assets.js";
export { CONTROL_UI_CSP, serveControlUi } from "./serve-control-ui.js";
