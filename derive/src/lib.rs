//! `#[derive(FromJson)]`: reads a type from a `serde_json::Value` as serde's derived
//! `Deserialize` would, from the same `#[serde(...)]` attributes, with a fraction of the
//! code in the browser bundle. Serde's derive compiles, for each type, a visitor that
//! matches every field name and carries every field through generic access traits; here
//! each field is one call to a small helper of `tern_core::json` (docs/size.md).
//!
//! What it reads of `#[serde(...)]`: on a type `rename_all` ("camelCase", "lowercase"),
//! `default` and `from`; on a field `rename`, `alias`, `default` and `default = "path"`;
//! on a variant `rename` and `other`. Enums are externally tagged, as serde's default.
//! `#[json(with = "path")]` on a field reads it with `path(&Value)` instead.
//! Serialization-only attributes are ignored; anything else it cannot honour is a compile
//! error rather than a silent difference.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::ext::IdentExt;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Error, Fields, LitStr, Path, Type};

#[proc_macro_derive(FromJson, attributes(serde, json))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input).unwrap_or_else(Error::into_compile_error).into()
}

#[derive(Default)]
struct Options {
    rename_all: Option<String>,
    default: bool,
    default_path: Option<Path>,
    rename: Option<String>,
    alias: Option<String>,
    other: bool,
    from: Option<Type>,
    with: Option<Path>,
}

fn options(attrs: &[Attribute]) -> syn::Result<Options> {
    let mut found = Options::default();
    for attr in attrs {
        if attr.path().is_ident("json") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("with") {
                    found.with = Some(meta.value()?.parse::<LitStr>()?.parse()?);
                    Ok(())
                } else {
                    Err(meta.error("FromJson knows only #[json(with = \"path\")]"))
                }
            })?;
        }
        if !attr.path().is_ident("serde") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            let name = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            match name.as_str() {
                "rename_all" => found.rename_all = Some(meta.value()?.parse::<LitStr>()?.value()),
                "rename" => found.rename = Some(meta.value()?.parse::<LitStr>()?.value()),
                "alias" => found.alias = Some(meta.value()?.parse::<LitStr>()?.value()),
                "other" => found.other = true,
                "from" => found.from = Some(meta.value()?.parse::<LitStr>()?.parse()?),
                "default" => {
                    found.default = true;
                    if meta.input.peek(syn::Token![=]) {
                        found.default_path = Some(meta.value()?.parse::<LitStr>()?.parse()?);
                    }
                }
                // What only writing JSON uses, and a bound FromJson states itself.
                "skip_serializing_if" | "bound" => {
                    meta.value()?.parse::<LitStr>()?;
                }
                _ => return Err(meta.error(format!("FromJson cannot honour #[serde({name})]"))),
            }
            Ok(())
        })?;
    }
    Ok(found)
}

/// The JSON name serde gives a field (`snake_case` in Rust) or a variant (`PascalCase`).
fn json_name(rust: &str, rename_all: Option<&str>, is_variant: bool) -> syn::Result<String> {
    Ok(match rename_all {
        None => rust.to_owned(),
        Some("lowercase") => rust.to_ascii_lowercase(),
        Some("camelCase") if is_variant => {
            let mut chars = rust.chars();
            chars.next().map(|first| first.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
        }
        Some("camelCase") => {
            let mut out = String::new();
            let mut upper = false;
            for c in rust.chars() {
                if c == '_' {
                    upper = true;
                } else {
                    out.push(if upper { c.to_ascii_uppercase() } else { c });
                    upper = false;
                }
            }
            out
        }
        Some(other) => return Err(Error::new(proc_macro2::Span::call_site(), format!("FromJson cannot rename_all = {other:?}"))),
    })
}

fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// The JSON name to read a field under: its own, or when absent its alias.
fn key_of(options: &Options, key: &str) -> Tokens {
    match &options.alias {
        Some(alias) => quote! { ::tern_core::json::key_or_alias(object, #key, #alias) },
        None => quote! { #key },
    }
}

/// A field's name in Rust, what its attributes say, and its name in JSON.
fn field_names(field: &syn::Field, rename_all: Option<&str>) -> syn::Result<(syn::Ident, Options, String)> {
    let ident = field.ident.clone().expect("named field");
    let options = options(&field.attrs)?;
    let name = match &options.rename {
        Some(name) => name.clone(),
        None => json_name(&ident.unraw().to_string(), rename_all, false)?,
    };
    Ok((ident, options, name))
}

/// `Self { … }` or `Self::Variant { … }` from `object`, every field either read or, when
/// absent, defaulted as serde would (an `Option` is `None`; otherwise it is required).
fn struct_literal(constructor: Tokens, fields: &syn::FieldsNamed, rename_all: Option<&str>) -> syn::Result<Tokens> {
    let mut parts = Vec::new();
    for field in &fields.named {
        let (ident, options, name) = field_names(field, rename_all)?;
        let key = key_of(&options, &name);
        let absent = match (&options.default_path, options.default, is_option(&field.ty)) {
            (Some(path), _, _) => quote! { #path() },
            (None, true, _) | (None, false, true) => quote! { ::core::default::Default::default() },
            (None, false, false) => quote! { return Err(::tern_core::json::JsonError::missing(#name)) },
        };
        let read = match (&options.with, &options.default_path, options.default || is_option(&field.ty)) {
            (Some(with), _, _) => {
                quote! { match ::tern_core::json::field_with(object, #key, #with)? { Some(value) => value, None => #absent } }
            }
            (None, Some(_), _) => quote! { match ::tern_core::json::field(object, #key)? { Some(value) => value, None => #absent } },
            (None, None, true) => quote! { ::tern_core::json::or_default(object, #key)? },
            (None, None, false) => quote! { ::tern_core::json::required(object, #key)? },
        };
        parts.push(quote! { #ident: #read });
    }
    Ok(quote! { #constructor { #(#parts),* } })
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let container = options(&input.attrs)?;
    let rename_all = container.rename_all.as_deref();
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(::tern_core::json::FromJson));
    }
    let (impl_generics, type_generics, where_clause) = generics.split_for_impl();

    let body = if let Some(from) = &container.from {
        quote! { Ok(<Self as ::core::convert::From<#from>>::from(<#from as ::tern_core::json::FromJson>::from_json(value)?)) }
    } else {
        match &input.data {
            Data::Struct(data) => {
                let Fields::Named(fields) = &data.fields else {
                    return Err(Error::new_spanned(name, "FromJson reads structs with named fields"));
                };
                if container.default {
                    // Start from the type's own default and overwrite what the object has.
                    let mut sets = Vec::new();
                    for field in &fields.named {
                        let (ident, options, name) = field_names(field, rename_all)?;
                        let key = key_of(&options, &name);
                        sets.push(match &options.with {
                            Some(with) => quote! {
                                if let Some(value) = ::tern_core::json::field_with(object, #key, #with)? { out.#ident = value; }
                            },
                            None => quote! { ::tern_core::json::set(object, #key, &mut out.#ident)?; },
                        });
                    }
                    quote! {
                        let object = ::tern_core::json::object(value)?;
                        let mut out = <Self as ::core::default::Default>::default();
                        #(#sets)*
                        Ok(out)
                    }
                } else {
                    let literal = struct_literal(quote! { Self }, fields, rename_all)?;
                    quote! {
                        let object = ::tern_core::json::object(value)?;
                        Ok(#literal)
                    }
                }
            }
            Data::Enum(data) => {
                let mut arms = Vec::new();
                let mut fallback = quote! { Err(::tern_core::json::JsonError::unknown_variant(tag)) };
                for variant in &data.variants {
                    let ident = &variant.ident;
                    let options = options(&variant.attrs)?;
                    if options.other {
                        fallback = quote! { Ok(Self::#ident) };
                        continue;
                    }
                    let tag = match &options.rename {
                        Some(name) => name.clone(),
                        None => json_name(&ident.to_string(), rename_all, true)?,
                    };
                    arms.push(match &variant.fields {
                        Fields::Unit => quote! { (#tag, None) => Ok(Self::#ident), },
                        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                            quote! { (#tag, Some(content)) => Ok(Self::#ident(::tern_core::json::FromJson::from_json(content)?)), }
                        }
                        Fields::Named(fields) => {
                            let literal = struct_literal(quote! { Self::#ident }, fields, None)?;
                            quote! { (#tag, Some(content)) => { let object = ::tern_core::json::object(content)?; Ok(#literal) } }
                        }
                        Fields::Unnamed(_) => return Err(Error::new_spanned(ident, "FromJson reads variants of one field")),
                    });
                }
                quote! {
                    let (tag, content) = ::tern_core::json::variant(value)?;
                    match (tag, content) {
                        #(#arms)*
                        _ => #fallback,
                    }
                }
            }
            Data::Union(_) => return Err(Error::new_spanned(name, "FromJson does not read unions")),
        }
    };
    Ok(quote! {
        impl #impl_generics ::tern_core::json::FromJson for #name #type_generics #where_clause {
            fn from_json(value: &::tern_core::json::Value) -> ::core::result::Result<Self, ::tern_core::json::JsonError> {
                #body
            }
        }
    })
}
