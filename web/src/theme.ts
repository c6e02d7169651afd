import type { ThemeConfig } from 'antd';

/**
 * The workbench theme, tuned once for WCAG 2.1 AA contrast (1.4.3: 4.5:1 for text) instead of page
 * by page (issue 7 §9). Ant Design's defaults put secondary text, placeholders and the preset tag
 * colours at about 3:1 on white; e2e/a11y.e2e.ts checks every page with axe-core.
 */

// Greys as black over white: 0.6 is #666 (5.7:1 on white, 5.3:1 on the #f5f5f5 page background).
const secondaryText = 'rgba(0, 0, 0, 0.6)';

// Preset tag colours draw text in the palette's 7th shade on its 1st. For these hues the default
// 7th shade is too light (green 3.4:1, gold 2.8:1), so their seed (the 6th shade) is set darker:
// the palette derived from it keeps the light background and gets a darker text shade.
const tagSeeds = {
  green: '#237804',
  orange: '#ad4e00',
  gold: '#ad6800',
  yellow: '#876800',
  lime: '#3f6600',
  cyan: '#006d75',
  volcano: '#ad2102',
} as const;

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#b71c1c',
    colorLink: '#b71c1c',
    borderRadius: 4,
    colorTextSecondary: 'rgba(0, 0, 0, 0.7)',
    colorTextTertiary: secondaryText,
    colorTextDescription: secondaryText,
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    // status colours are also text colours (form errors, Typography type=success, status tags)
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorError: '#c41d1d',
    colorInfo: '#0958d9',
    ...tagSeeds,
  },
  components: {
    // the unchecked switch writes white text on colorTextQuaternary (#bfbfbf by default)
    Switch: { colorTextQuaternary: 'rgba(0, 0, 0, 0.6)', colorTextTertiary: 'rgba(0, 0, 0, 0.7)' },
    // an empty table says so in colorTextDisabled (#bfbfbf, 1.8:1); it is text to read, not a disabled control
    Table: { colorTextDisabled: secondaryText },
  },
};
