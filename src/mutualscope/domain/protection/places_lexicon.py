"""Places and organisations: towns and counties, the shape of organisation names, and
the national bodies that identify nobody."""

from __future__ import annotations

from typing import Final


def _lines(block: str) -> frozenset[str]:
    return frozenset(line.strip().lower() for line in block.strip().splitlines() if line.strip())


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Towns, cities, counties and districts of the UK, most of England's first (where the
# mutuals are). One a line, as written; compared in lower case.
PLACES: Final = _lines(
    """
    Aldershot
    Ashford
    Aylesbury
    Banbury
    Barking
    Barnet
    Barnsley
    Barnstaple
    Basildon
    Basingstoke
    Bath
    Bedford
    Bedfordshire
    Belfast
    Berkshire
    Bexley
    Birkenhead
    Birmingham
    Blackburn
    Blackpool
    Bolton
    Bootle
    Boston
    Bournemouth
    Bracknell
    Bradford
    Braintree
    Brent
    Brentwood
    Brighton
    Bristol
    Bromley
    Buckinghamshire
    Burnley
    Burton
    Bury St Edmunds
    Calderdale
    Cambridge
    Cambridgeshire
    Camden
    Canterbury
    Cardiff
    Carlisle
    Chelmsford
    Cheltenham
    Cheshire
    Chester
    Chesterfield
    Chichester
    Colchester
    Cornwall
    Coventry
    Crawley
    Croydon
    Cumbria
    Darlington
    Dartford
    Derby
    Derbyshire
    Devon
    Doncaster
    Dorchester
    Dorset
    Dover
    Dudley
    Dunstable
    Durham
    Ealing
    Eastbourne
    Edinburgh
    Enfield
    Essex
    Exeter
    Falmouth
    Gateshead
    Glasgow
    Gloucester
    Gloucestershire
    Gosport
    Grantham
    Gravesend
    Great Yarmouth
    Greenwich
    Grimsby
    Guildford
    Hackney
    Halifax
    Hammersmith
    Hampshire
    Haringey
    Harlow
    Harrogate
    Harrow
    Hartlepool
    Hastings
    Hatfield
    Havering
    Hemel Hempstead
    Hereford
    Herefordshire
    Hertford
    Hertfordshire
    High Wycombe
    Hillingdon
    Hinckley
    Hounslow
    Huddersfield
    Hull
    Huntingdon
    Ipswich
    Isle of Wight
    Islington
    Kendal
    Kensington
    Kent
    Kettering
    Kidderminster
    King's Lynn
    Kings Lynn
    Kingston
    Kirklees
    Knowsley
    Lambeth
    Lancashire
    Lancaster
    Leeds
    Leicester
    Leicestershire
    Letchworth
    Lewisham
    Lincoln
    Lincolnshire
    Liverpool
    London
    Loughborough
    Lowestoft
    Luton
    Macclesfield
    Maidstone
    Manchester
    Mansfield
    Margate
    Medway
    Merton
    Middlesbrough
    Milton Keynes
    Newbury
    Newcastle
    Newham
    Newport
    Northampton
    Northamptonshire
    Northumberland
    Norwich
    Nottingham
    Nottinghamshire
    Nuneaton
    Oldham
    Oxford
    Oxfordshire
    Peterborough
    Plymouth
    Poole
    Portsmouth
    Preston
    Reading
    Redbridge
    Redditch
    Rochdale
    Rotherham
    Rugby
    Runcorn
    Rutland
    Salford
    Salisbury
    Sandwell
    Scarborough
    Scunthorpe
    Sefton
    Sheffield
    Shrewsbury
    Shropshire
    Slough
    Solihull
    Somerset
    Southampton
    Southend
    Southend-on-Sea
    Southport
    Southwark
    St Albans
    St Helens
    Stafford
    Staffordshire
    Stevenage
    Stockport
    Stockton
    Stoke
    Stoke-on-Trent
    Stratford
    Suffolk
    Sunderland
    Surrey
    Sussex
    Sutton
    Swansea
    Swindon
    Tameside
    Taunton
    Telford
    Thurrock
    Torbay
    Torquay
    Tower Hamlets
    Trafford
    Truro
    Tunbridge Wells
    Wakefield
    Walsall
    Waltham Forest
    Wandsworth
    Warrington
    Warwick
    Warwickshire
    Watford
    Wellingborough
    Wells
    Welwyn Garden City
    West Berkshire
    Westminster
    Weston-super-Mare
    Wigan
    Wiltshire
    Winchester
    Wirral
    Woking
    Wolverhampton
    Worcester
    Worcestershire
    Worthing
    Yeovil
    York
    Yorkshire
    """
)

# Place names that are everyday words: a place only with a capital away from the start of
# a sentence, or after "in", "at", "from", "to", "near", "around".
PLACES_THAT_ARE_WORDS: Final = _words(
    """
    bath reading wells boston poole rugby sutton kingston stoke kent burton
    """
)

PLACE_PREPOSITIONS: Final = _words("in at from to near around outside across")

# Bodies named in every interview about public service mutuals; naming them identifies
# nobody. Compared in lower case, as whole names.
NATIONAL_BODIES: Final = _lines(
    """
    NHS
    the NHS
    NHS England
    NHS Improvement
    NHS Digital
    NHS Direct
    NHS Trust Development Authority
    Department of Health
    Department for Education
    Department for Work and Pensions
    DWP
    Home Office
    Ministry of Justice
    Ministry of Housing, Communities and Local Government
    Department for Communities and Local Government
    DCLG
    National Insurance
    NHS Pension Scheme
    Department of Health and Social Care
    DH
    DHSC
    Cabinet Office
    Treasury
    HM Treasury
    HMRC
    Care Quality Commission
    CQC
    Monitor
    Parliament
    Public Health England
    Social Enterprise UK
    Social Enterprise Investment Fund
    SEIF
    Mutuals Support Programme
    Big Society Capital
    Right to Request
    Right to Provide
    Transforming Community Services
    Health and Social Care Act
    Companies House
    Charity Commission
    Office for Civil Society
    Local Government Association
    King's Fund
    Nuffield Trust
    National Audit Office
    Ofsted
    Covid
    COVID-19
    """
)

# The last word of an organisation's name: "Luton Borough Council", "Bedfordshire PCT".
ORGANISATION_ENDINGS: Final = _words(
    """
    trust council cic c.i.c. ltd limited pct ccg icb ics partnership partnerships services
    healthcare health care foundation association society group hospital hospitals hospice
    college university school academy centre charity enterprise enterprises mutual mutuals
    cooperative co-operative collaborative llp plc housing leisure network alliance practice
    surgery clinic clinics consortium federation agency corporation company board authority
    """
)

# Words that make up generic names ("Community Health Services", "Adult Social Care"):
# an organisation's name needs at least one word outside this list.
GENERIC_ORGANISATION_WORDS: Final = _words(
    """
    the of and & for in community health services service social care adult adults
    children children's young people public primary secondary acute mental clinical
    commissioning group groups local county borough city district metropolitan national
    regional partnership foundation trust council nhs integrated board system enterprise
    enterprises mutual mutuals staff employee employees independent sector voluntary
    charity charities housing leisure practice practices hospital hospitals university
    universities school schools college colleges centre centres network networks team
    teams provider providers company companies organisation organisations cic ltd limited
    pct ccg icb ics healthcare new old our their my your his her its this that these those
    """
)
