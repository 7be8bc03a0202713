import * as assert from 'node:assert/strict';
import { activateExtension } from './util';

export function registerActivationSuite(): void {
  suite('Activation', () => {
    test('the extension activates and exports no errors', async () => {
      const ext = await activateExtension();
      assert.equal(ext.isActive, true);
      assert.equal(ext.packageJSON.name, 'hindi-news-annotator');
    });
  });
}
