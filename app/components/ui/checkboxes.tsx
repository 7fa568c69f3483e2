type Option = { id: string; label: string };

/**
 * A GOV.UK-style group of checkboxes: a fieldset with a legend, a hint and an
 * error, the boxes in columns, and the first box carrying the field's id so an
 * error summary's link lands on it.
 */
export function Checkboxes({
  name,
  legend,
  hint,
  options,
  checked,
  error,
}: {
  name: string;
  legend: string;
  hint?: string;
  options: Option[];
  checked: string[];
  error?: string;
}) {
  const describedBy =
    [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <fieldset aria-describedby={describedBy}>
        <legend>{legend}</legend>
        {hint ? (
          <p id={`${name}-hint`} className="hint">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={`${name}-error`} className="error-message">
            <span className="visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className="checkboxes checkboxes--columns">
          {options.map((option, index) => {
            const id = index === 0 ? name : `${name}-${option.id}`;
            return (
              <div key={option.id} className="checkboxes__item">
                <input
                  id={id}
                  type="checkbox"
                  name={name}
                  value={option.id}
                  defaultChecked={checked.includes(option.id)}
                />
                <label htmlFor={id}>{option.label}</label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
