"""The demo site's standard pages (about, privacy, terms) as data, in Chinese and English.

Each page is a dict with its slug and a "zh" and an "en" dict with the same keys: title,
introduction (plain text) and body, a list of StreamField blocks in Wagtail's raw Python form
as `portal.blocks.BodyBlock` takes them: ("heading", {"text": ...}), ("paragraph", "<p>...</p>")
and ("fact_box", {"title": ..., "text": "<p>...</p>"}).

The about page describes the scheme as the architecture and the demo town (participation/demo.py)
define it: the case loop, the "1 + 4 + X" structure and the points scheme."""

PAGES = [
    {
        "slug": "about",
        "zh": {
            "title": "关于“乌镇管家”",
            "introduction": "居民、网格管家和联动中心怎样一起把身边的事办好。",
            "body": [
                ("heading", {"text": "人人都是管家"}),
                (
                    "paragraph",
                    "<p>“乌镇管家”是全镇共建共治的方式。居民把看到的问题报上来：井盖破损、违章"
                    "建筑、占道经营……联动中心把每件事派给负责的部门，部门处理后公开结果。每一步"
                    "都会告诉你，最后由你评价是否满意。</p>"
                    "<p>任何通过验证的账号都可以上报。全镇还有约3000名志愿者担任网格管家，各自"
                    "守护所住的网格：留心发现问题，替不会用手机的邻居反映诉求，在整改完成后到"
                    "现场确认。</p>",
                ),
                ("heading", {"text": "一件事怎么办"}),
                (
                    "paragraph",
                    "<ol>"
                    "<li><b>你来上报。</b>选择问题类别，说明紧急程度，在地图上标出位置，描述看到的"
                    "情况，可以附上照片或语音。提交后你会得到一个事件编号，例如 WZ-2026-000123。"
                    "</li>"
                    "<li><b>联动中心受理派单。</b>调度员核实后，把事件派给负责的部门（全镇约25个"
                    "部门）。重复上报或不属于治理事项的，会说明理由，不予受理。</li>"
                    "<li><b>部门处置整改。</b>部门受理后处理问题，上传整改后的照片和处理说明。"
                    "不属于本部门的，退回联动中心重新派单。</li>"
                    "<li><b>告诉你结果，由你评价。</b>每一步都会通过邮件和站内消息通知你。处理"
                    "完成后，你可以评价“满意”“基本满意”或“不满意”；不满意的，事件重新办理。"
                    "7天内没有评价的，事件自动办结。</li>"
                    "</ol>",
                ),
                (
                    "fact_box",
                    {
                        "title": "办理时限",
                        "text": "<p>每类问题按紧急程度（一般、加急、紧急）都有办理时限。例如井盖"
                        "缺失破损：一般72小时，加急24小时，紧急4小时。</p>"
                        "<p>超过时限的事件会被标为超期，并通知部门负责人和联动中心。遇到紧急"
                        "情况请先拨打110：选择“紧急”时，页面会在提交前显示紧急求助电话。</p>",
                    },
                ),
                ("heading", {"text": "公开透明，全程可查"}),
                (
                    "paragraph",
                    "<p>每件事、每一步都公开，任何人都可以看到反映了什么、由谁在处理、是否按时"
                    "办结。除非你选择公开署名，否则不会显示你的姓名。</p>"
                    "<p>统计页面按部门、网格和月份公布办结率、按时办结率和群众满意度。</p>",
                ),
                ("heading", {"text": "“1+4+X”联动体系"}),
                (
                    "paragraph",
                    "<p><b>“1”</b>是镇社会治理联动中心。不管是在本平台上报、拨打热线、巡查发现，"
                    "还是通过其他应用提交，每件事都先到这里。调度员确定由谁处理，并跟踪到办结。"
                    "</p>"
                    "<p><b>“4”</b>是按工作内容把部门分成的四个平台：</p>"
                    "<ul>"
                    "<li><b>综合治理</b>：社会治安、矛盾纠纷、突发事件和困难群众帮扶。</li>"
                    "<li><b>行政执法</b>：违章建筑、市容秩序、道路、河道、交通和环境。</li>"
                    "<li><b>市场监管</b>：食品安全、经营许可、安全生产和旅游市场。</li>"
                    "<li><b>便民服务</b>：供电、供水、燃气、环卫、通信和公交。</li>"
                    "</ul>"
                    "<p><b>“X”</b>是所有参与办事的力量：从派出所到公交公司的约25个部门，以及全镇"
                    "10个村（社区）划分的约100个网格。每个网格都有网格长和网格管家。</p>",
                ),
                ("heading", {"text": "管家积分"}),
                (
                    "paragraph",
                    "<p>有用的上报可以获得积分。积分只奖励经过核实的结果：联动中心派单处理（而不是"
                    "不予受理）的上报、经确认的紧急隐患、你给出的评价、被采纳的法规草案意见。每天"
                    "获得的积分有上限。上报事后被认定无效的，积分会被扣回。</p>"
                    "<p>积分可以兑换奖励目录中的奖品，每次兑换由工作人员审核后发放。</p>",
                ),
                ("heading", {"text": "保护你的隐私"}),
                (
                    "paragraph",
                    "<p>除非你选择公开署名，公开页面不会显示你的姓名。你的联系方式只有处理你上报"
                    "事项的工作人员能看到。照片在保存前会去除位置信息。我们保存哪些信息、为什么"
                    "保存，请看隐私声明。</p>",
                ),
            ],
        },
        "en": {
            "title": "About the Wuzhen Housekeeper scheme",
            "introduction": (
                "How residents, grid housekeepers and the linkage centre work together."
            ),
            "body": [
                ("heading", {"text": "Everyone is a housekeeper"}),
                (
                    "paragraph",
                    "<p>Residents report problems they see: a broken manhole cover, an illegal "
                    "building, stalls blocking a road. The linkage centre sends each report to the "
                    "department responsible, which fixes it and shows the result. You are told at "
                    "every step, and you say whether you are satisfied.</p>"
                    "<p>Anyone with a verified account can report. About 3,000 volunteers also "
                    "serve as grid housekeepers, each for the grid where they live. They look out "
                    "for problems, report for neighbours who cannot use a phone, and check on site "
                    "that repairs were done.</p>",
                ),
                ("heading", {"text": "How a report travels"}),
                (
                    "paragraph",
                    "<ol>"
                    "<li><b>You report.</b> Choose the kind of problem, say how urgent it is and "
                    "drop a pin on the map. Describe what you see, and add photos or a voice note "
                    "if you can. You get a case number, such as WZ-2026-000123.</li>"
                    "<li><b>The linkage centre dispatches it.</b> A dispatcher checks the report "
                    "and sends it to the department responsible, one of about 25. If it is a "
                    "duplicate or not a matter for the town, they reject it and say why.</li>"
                    "<li><b>The department fixes it.</b> Staff accept the case, deal with the "
                    "problem, and upload photos of the result with a short summary. If the case "
                    "is not theirs, they send it back to the centre, which passes it on.</li>"
                    "<li><b>You are told, and you evaluate.</b> We tell you at each step, by "
                    "email and in your inbox. When the work is done, you say whether you are "
                    "satisfied, basically satisfied or unsatisfied. If you are unsatisfied, the "
                    "case is reopened. If you do not answer within 7 days, it closes.</li>"
                    "</ol>",
                ),
                (
                    "fact_box",
                    {
                        "title": "Time limits",
                        "text": "<p>Every kind of problem has a time limit for each level of "
                        "urgency: routine, express and emergency. For a missing or broken manhole "
                        "cover it is 72 hours, 24 hours and 4 hours.</p>"
                        "<p>Cases that run late are marked overdue, and the department's lead and "
                        "the linkage centre are told. In an emergency, call 110 first: when you "
                        "choose “Emergency”, the form shows the emergency number before you "
                        "send.</p>",
                    },
                ),
                ("heading", {"text": "Public and traceable"}),
                (
                    "paragraph",
                    "<p>Every case and every step is public, so anyone can see what was reported, "
                    "who is handling it, and whether it was done on time. Your name is never "
                    "shown unless you choose to show it.</p>"
                    "<p>The statistics page shows, by department, grid and month, how many cases "
                    "were dealt with, how many on time, and how satisfied residents were.</p>",
                ),
                ("heading", {"text": "The “1 + 4 + X” linkage system"}),
                (
                    "paragraph",
                    "<p><b>1</b> is the town's Social Governance Linkage Centre. Every report "
                    "comes here first, whether it is made on this portal, by phone to the "
                    "hotline, on a patrol or through another app. Its dispatchers decide who "
                    "deals with it and follow it until it is done.</p>"
                    "<p><b>4</b> is the four platforms that group the departments by the work "
                    "they do:</p>"
                    "<ul>"
                    "<li><b>Comprehensive governance</b>: public security, disputes, emergencies "
                    "and help for people in difficulty.</li>"
                    "<li><b>Administrative law enforcement</b>: illegal building, street order, "
                    "roads, rivers, traffic and the environment.</li>"
                    "<li><b>Market supervision</b>: food safety, licences, workplace safety and "
                    "the tourist trade.</li>"
                    "<li><b>Convenience services</b>: power, water, gas, sanitation, telecoms "
                    "and buses.</li>"
                    "</ul>"
                    "<p><b>X</b> is everyone who does the work: about 25 departments, from the "
                    "police station to the bus company, and the town's 10 villages and "
                    "communities, divided into about 100 grids. Each grid has a grid leader and "
                    "its housekeepers.</p>",
                ),
                ("heading", {"text": "Points for housekeepers"}),
                (
                    "paragraph",
                    "<p>Reports that help earn points. Points are given for verified outcomes "
                    "only: a report the centre dispatches (not one it rejects), an emergency "
                    "hazard that is confirmed, an evaluation you give, or an opinion on a draft "
                    "regulation that is adopted. There is a daily limit. If a report is later "
                    "rejected, its points are taken back.</p>"
                    "<p>You can exchange points for rewards from the catalogue. Staff check each "
                    "request before they hand over the reward.</p>",
                ),
                ("heading", {"text": "Your privacy"}),
                (
                    "paragraph",
                    "<p>Your name is never shown on public pages unless you choose to show it. "
                    "Only staff handling your report can see your contact details. Location data "
                    "is removed from photos before they are stored. The privacy notice explains "
                    "what we keep and why.</p>",
                ),
            ],
        },
    },
    {
        "slug": "privacy",
        "zh": {
            "title": "隐私声明",
            "introduction": "我们收集哪些信息、为什么收集、谁能看到。",
            "body": [
                (
                    "paragraph",
                    "<p>我们保存你的电子邮箱，用于登录和告诉你上报事项的进展。手机号码可以不填，"
                    "只有处理你上报事项的工作人员能看到。公开页面不会显示你的姓名、邮箱或手机"
                    "号码，除非你选择公开署名。照片在保存前会重新编码，并去除其中的位置信息。</p>",
                ),
                (
                    "paragraph",
                    "<p>你上报的内容是公开的：问题描述、地图上的位置和照片。请不要在其中写入你"
                    "自己或他人的个人信息。</p>",
                ),
            ],
        },
        "en": {
            "title": "Privacy notice",
            "introduction": "What we collect, why, and who can see it.",
            "body": [
                (
                    "paragraph",
                    "<p>We keep your email address to let you log in and to tell you about your "
                    "reports. Your phone number is optional and only staff handling your reports "
                    "can see it. Public pages never show your name, email or phone unless you "
                    "choose to be named. Photos are re-encoded and stripped of location data "
                    "before they are stored.</p>",
                ),
                (
                    "paragraph",
                    "<p>What you report is public: the description, the place on the map and the "
                    "photos. Do not put personal details about yourself or anyone else in "
                    "them.</p>",
                ),
            ],
        },
    },
    {
        "slug": "terms",
        "zh": {
            "title": "使用条款",
            "introduction": "使用本平台的规则。",
            "body": [
                (
                    "paragraph",
                    "<p>请本着诚信反映真实问题。不要发布他人的个人信息、辱骂性语言或广告。遇到"
                    "紧急情况，请先拨打紧急求助电话。审核员可以隐藏违反这些规则的内容，并会告诉"
                    "你原因。</p>",
                ),
                (
                    "paragraph",
                    "<p>积分只奖励经过核实的上报。上报事后被认定无效的，已获得的积分会被扣回。</p>",
                ),
            ],
        },
        "en": {
            "title": "Terms of use",
            "introduction": "The rules for using the portal.",
            "body": [
                (
                    "paragraph",
                    "<p>Report real problems in good faith. Do not post personal data about other "
                    "people, abusive language or advertising. For emergencies call the emergency "
                    "hotline first. Moderators may hide content that breaks these rules and will "
                    "tell you why.</p>",
                ),
                (
                    "paragraph",
                    "<p>Points are given only for reports that are verified. If a report is later "
                    "found to be invalid, the points it earned are taken back.</p>",
                ),
            ],
        },
    },
]
