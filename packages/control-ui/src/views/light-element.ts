import { LitElement } from "lit";

/**
 * A Lit element that renders into the light DOM, so the one page stylesheet styles every view and
 * labels, ids and `aria-describedby` references work across components.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
