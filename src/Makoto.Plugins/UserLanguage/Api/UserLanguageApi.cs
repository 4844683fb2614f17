using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Plugins.UserLanguage.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.UserLanguage.Api;

/// <summary>UserLanguage.getLanguage and getLanguageCode (reporting-api.md §7).</summary>
internal sealed class UserLanguageApi(Archiver archiver) : IApiModule
{
    private const string Module = "UserLanguage";

    public IEnumerable<ApiMethod> Methods()
    {
        string[] parameters = ["idSite", "period", "date", "segment"];
        yield return new ApiMethod(Module, "getLanguage", call => call.ArchivedTable(archiver, UserLanguageRecordBuilder.LanguageRecord, Languages))
        {
            IsReport = true,
            ParameterNames = parameters,
            Metadata = ReportMetadata.VisitDimension(
                ReportCategories.Visitors, ReportCategories.Locations, "Web-browser language", "Language", order: 8,
                "Shows which language the visitor's browsers are using. (e.g. \"French\")") with
            {
                RelatedReports = [Module + ".getLanguageCode"],
            },
        };
        yield return new ApiMethod(Module, "getLanguageCode", call => call.ArchivedTable(archiver, UserLanguageRecordBuilder.LanguageCodeRecord, LanguageCodes))
        {
            IsReport = true,
            ParameterNames = parameters,
            Metadata = ReportMetadata.VisitDimension(
                ReportCategories.Visitors, ReportCategories.Locations, "Language code", "Language", order: 11,
                "Shows which exact language code the visitor's browsers is set to. (e.g. \"German — Austria (de-at)\")") with
            {
                RelatedReports = [Module + ".getLanguage"],
            },
        };
    }

    private static void Languages(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var code = row.Label ?? BrowserLanguages.Unknown;
            row.Label = BrowserLanguages.LanguageName(code);
            row.Metadata["segment"] = $"languageCode=={code},languageCode=@{code}-";
        }
    }

    private static void LanguageCodes(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var code = row.Label ?? BrowserLanguages.Unknown;
            row.Label = BrowserLanguages.CodeLabel(code);
            row.Metadata["segment"] = "languageCode==" + code;
        }
    }
}
