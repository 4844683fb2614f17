using System.Globalization;
using Makoto.Reporting.Api;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// A custom dimension as edited in the administration, and the parameters of
/// CustomDimensions.configureNewCustomDimension / configureExistingCustomDimension it becomes.
/// </summary>
public sealed class CustomDimensionForm
{
    public int? IdDimension { get; set; }

    public string Name { get; set; } = "";

    /// <summary><c>visit</c> or <c>action</c>; fixed once the dimension exists.</summary>
    public string Scope { get; set; } = "visit";

    public bool Active { get; set; } = true;

    public bool CaseSensitive { get; set; } = true;

    /// <summary>Action dimensions only: take the value from the page URL, a URL parameter or the page title.</summary>
    public List<Extraction> Extractions { get; } = [];

    public static CustomDimensionForm From(PlainObject dimension)
    {
        var form = new CustomDimensionForm
        {
            IdDimension = dimension.Int("idcustomdimension"),
            Name = dimension.Text("name"),
            Scope = dimension.Text("scope"),
            Active = dimension.Bool("active"),
            CaseSensitive = dimension.Bool("case_sensitive"),
        };
        foreach (var extraction in dimension.List("extractions"))
        {
            form.Extractions.Add(new Extraction { Dimension = extraction.Text("dimension"), Pattern = extraction.Text("pattern") });
        }

        return form;
    }

    /// <summary>
    /// The API parameters. Extractions with an empty pattern are left out (the form shows an empty row to fill
    /// in); a visit dimension sends none, since only action dimensions can have them.
    /// </summary>
    public (string Name, string? Value)[] Parameters(string idSite)
    {
        var parameters = new List<(string Name, string? Value)>
        {
            ("idSite", idSite),
            ("name", Name.Trim()),
            ("active", Active ? "1" : "0"),
            ("caseSensitive", CaseSensitive ? "1" : "0"),
        };
        if (IdDimension is { } id)
        {
            parameters.Add(("idDimension", id.ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            parameters.Add(("scope", Scope));
        }

        if (Scope == "action")
        {
            var index = 0;
            foreach (var extraction in Extractions)
            {
                if (extraction.Pattern.Trim().Length == 0)
                {
                    continue;
                }

                var key = index.ToString(CultureInfo.InvariantCulture);
                parameters.Add(($"extractions[{key}][dimension]", extraction.Dimension));
                parameters.Add(($"extractions[{key}][pattern]", extraction.Pattern.Trim()));
                index++;
            }
        }

        return [.. parameters];
    }

    /// <summary>One extraction: where the value comes from and the pattern (a regular expression with a group, or the parameter's name).</summary>
    public sealed class Extraction
    {
        public string Dimension { get; set; } = "url";

        public string Pattern { get; set; } = "";
    }
}
