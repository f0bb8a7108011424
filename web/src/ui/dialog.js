// One modal dialog for confirmations and small questions (<dialog>: focus stays inside, Esc cancels).
const $ = (id) => document.getElementById(id);

// Enter in the text field means OK: the form's implicit submission would press its first button, Cancel.
$('dialog-input').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    $('dialog-ok').click();
  }
});

/**
 * Asks the user; resolves to the answer (the input's or select's value, or '' for a plain
 * confirmation), or null when cancelled.
 */
export function ask({ title, text, ok, danger = false, input = null, select = null }) {
  const dialog = $('dialog');
  $('dialog-title').textContent = title;
  $('dialog-text').textContent = text || '';
  const okButton = $('dialog-ok');
  okButton.textContent = ok;
  okButton.classList.toggle('danger', danger);
  const field = $('dialog-field');
  const textInput = $('dialog-input');
  const choice = $('dialog-select');
  field.hidden = !input && !select;
  textInput.hidden = !input;
  choice.hidden = !select;
  textInput.required = Boolean(input);
  $('dialog-label').textContent = (input || select || {}).label || '';
  $('dialog-label').htmlFor = input ? 'dialog-input' : 'dialog-select';
  if (input) textInput.value = input.value || '';
  choice.replaceChildren();
  if (select) {
    for (const o of select.options) {
      const option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.text;
      choice.append(option);
    }
  }
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'ok') resolve(null);
      else if (input) resolve(textInput.value.trim());
      else if (select) resolve(choice.value);
      else resolve('');
    }, { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    // Focus starts on the safe choice for dangerous actions, on the field otherwise.
    (input ? textInput : select ? choice : danger ? $('dialog-cancel') : okButton).focus();
  });
}
