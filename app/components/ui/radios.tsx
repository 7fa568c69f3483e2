type Option = { value: string; label: string; hint?: string };

/** A GOV.UK-style radio group: a fieldset with a legend, an error, and the first radio carrying the field id. */
export function Radios({
  name,
  legend,
  options,
  defaultValue,
  error,
  hint,
  inline = false,
}: {
  name: string;
  legend: string;
  options: Option[];
  defaultValue?: string;
  error?: string;
  hint?: string;
  inline?: boolean;
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
        <div className={`radios${inline ? " radios--inline" : ""}`}>
          {options.map((option, index) => {
            const id = index === 0 ? name : `${name}-${option.value}`;
            return (
              <div key={option.value} className="radios__item">
                <input
                  id={id}
                  type="radio"
                  name={name}
                  value={option.value}
                  defaultChecked={defaultValue === option.value}
                />
                <label htmlFor={id}>
                  {option.label}
                  {option.hint ? <span className="hint"> {option.hint}</span> : null}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
